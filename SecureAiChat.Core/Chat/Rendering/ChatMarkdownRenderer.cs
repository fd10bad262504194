using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Ganss.Xss;
using Markdig;
using Markdig.Extensions.TaskLists;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace SecureAiChat.Core.Chat.Rendering;

/// <summary>
/// Turns model output (untrusted Markdown) into HTML that is safe to inject into the page.
/// Markdig escapes raw HTML; HtmlSanitizer then enforces an allowlist as a second, independent
/// layer, so a Markdig extension or parser quirk that emits something unexpected is still caught.
/// Thread-safe: the pipeline and sanitizer are built once and only read afterwards.
/// </summary>
public sealed partial class ChatMarkdownRenderer
{
    private static readonly string[] AllowedTags =
    [
        "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "em", "b", "i", "del", "s", "ins", "mark",
        "sub", "sup", "code", "pre", "kbd", "blockquote", "ul", "ol", "li", "a", "span",
        "table", "thead", "tbody", "tr", "th", "td",
    ];

    private static readonly string[] AllowedAttributes = ["href", "title", "class", "start", "colspan", "rowspan"];

    private readonly MarkdownPipeline _pipeline;
    private readonly HtmlSanitizer _sanitizer;

    /// <summary>Builds the pipeline and sanitizer; keep one instance (singleton).</summary>
    public ChatMarkdownRenderer()
    {
        // Deliberately not UseAdvancedExtensions(): it includes generic attributes ({onclick=...}),
        // auto identifiers (ids that can clobber DOM globals) and media links (iframes).
        _pipeline = new MarkdownPipelineBuilder()
            .UsePipeTables()
            .UseTaskLists()
            .UseAutoLinks()
            .UseEmphasisExtras()
            .UseListExtras()
            .UseSoftlineBreakAsHardlineBreak()
            .DisableHtml()
            .Build();

        var options = new HtmlSanitizerOptions
        {
            AllowedTags = new HashSet<string>(AllowedTags, StringComparer.OrdinalIgnoreCase),
            AllowedAttributes = new HashSet<string>(AllowedAttributes, StringComparer.OrdinalIgnoreCase),
            AllowedSchemes = new HashSet<string>(["http", "https", "mailto"], StringComparer.OrdinalIgnoreCase),
            UriAttributes = new HashSet<string>(["href", "src", "action", "formaction", "background", "cite", "longdesc", "poster", "xlink:href"], StringComparer.OrdinalIgnoreCase),
            AllowedCssProperties = new HashSet<string>(StringComparer.OrdinalIgnoreCase),
            AllowedAtRules = new HashSet<AngleSharp.Css.Dom.CssRuleType>(),
            AllowedClasses = new HashSet<string>(StringComparer.OrdinalIgnoreCase),
        };
        _sanitizer = new HtmlSanitizer(options) { KeepChildNodes = true };
        _sanitizer.PostProcessNode += (_, e) => PostProcess(e.Node);
    }

    /// <summary>Renders <paramref name="markdown"/> to sanitized HTML; empty for null or empty input.</summary>
    public string Render(string? markdown)
    {
        if (string.IsNullOrEmpty(markdown))
        {
            return string.Empty;
        }

        var document = Markdown.Parse(markdown, _pipeline);

        // Task list boxes would render as <input>, which the sanitizer rightly removes; show a glyph.
        foreach (var task in document.Descendants<TaskList>().ToList())
        {
            task.ReplaceBy(new LiteralInline(task.Checked ? "☑ " : "☐ "));
        }

        foreach (var link in document.Descendants<LinkInline>())
        {
            if (link.IsImage)
            {
                // Remote images would leak the reader's IP and be a tracking pixel; show a link instead.
                link.IsImage = false;
                if (link.FirstChild is null)
                {
                    link.AppendChild(new LiteralInline(link.Url ?? string.Empty));
                }
            }
        }

        var html = document.ToHtml(_pipeline);
        return _sanitizer.Sanitize(html);
    }

    private static void PostProcess(INode node)
    {
        if (node is not IElement element)
        {
            return;
        }

        if (element.LocalName == "a")
        {
            // The sanitizer lets relative URLs through; from model output they would point into our
            // own app (e.g. a crafted "/account/..." link), so only absolute web and mail links stay.
            if (element.GetAttribute("href") is { } href && !IsAllowedAbsoluteUrl(href))
            {
                element.RemoveAttribute("href");
            }

            element.SetAttribute("rel", "noopener noreferrer nofollow");
            element.SetAttribute("target", "_blank");
            ShowDestination(element);
        }

        // Our own destination hint (ShowDestination) keeps its class; model output cannot produce a <span> at all
        // (raw HTML is escaped), so no text of the model can pose as one.
        if (element.LocalName == "span" && element.GetAttribute("class") == LinkDomainClass)
        {
            return;
        }

        var classes = element.GetAttribute("class");
        if (classes is not null)
        {
            // Only <code class="language-xxx"> survives: it drives client-side highlighting. Other
            // classes could hook the app's own CSS (e.g. full-screen overlays) to spoof the UI.
            var language = element.LocalName == "code"
                ? classes.Split(' ', StringSplitOptions.RemoveEmptyEntries)
                    .Select(c => c.ToLowerInvariant())
                    .FirstOrDefault(c => LanguageClass().IsMatch(c))
                : null;
            if (language is null)
            {
                element.RemoveAttribute("class");
            }
            else
            {
                element.SetAttribute("class", language);
            }
        }
    }

    /// <summary>Class of the small "(domain)" hint after a link.</summary>
    public const string LinkDomainClass = "link-domain";

    /// <summary>
    /// A link's text is written by the model and can say anything ("your bank", or another URL): the reader must
    /// see where it really goes before clicking. A link whose text names another address than its destination
    /// shows its destination as its text; every other link gets its destination's domain after it. Domains are
    /// shown in ASCII (punycode), so a look-alike in another script (аpple.com in Cyrillic) does not pass as the real one.
    /// </summary>
    private static void ShowDestination(IElement link)
    {
        if (link.GetAttribute("href") is not { } href || !Uri.TryCreate(href.Trim(), UriKind.Absolute, out var destination))
        {
            return;
        }

        var shown = destination.Scheme == Uri.UriSchemeMailto ? destination.UserInfo + "@" + destination.IdnHost : destination.IdnHost;
        var text = link.TextContent.Trim();
        if (NamesAnotherAddress(text, destination))
        {
            // Replace the misleading address by the real one (the link keeps working, it just stops lying).
            link.TextContent = destination.Scheme == Uri.UriSchemeMailto ? shown : destination.AbsoluteUri;
            return;
        }

        if (string.Equals(text, href, StringComparison.OrdinalIgnoreCase) || string.Equals(text, destination.AbsoluteUri, StringComparison.OrdinalIgnoreCase) ||
            string.Equals(text, shown, StringComparison.OrdinalIgnoreCase))
        {
            return; // the text already is the destination (an autolink)
        }

        var hint = link.Owner!.CreateElement("span");
        hint.SetAttribute("class", LinkDomainClass);
        hint.TextContent = " (" + shown + ")";
        link.After(hint);
    }

    /// <summary>True when <paramref name="text"/> reads as a URL, email address or domain other than the destination.</summary>
    private static bool NamesAnotherAddress(string text, Uri destination)
    {
        if (text.Length == 0 || text.Any(char.IsWhiteSpace))
        {
            return false;
        }

        string? host = null;
        if (Uri.TryCreate(text, UriKind.Absolute, out var asUri) && asUri.Host.Length > 0)
        {
            host = asUri.IdnHost;
        }
        else if (text.Contains('@', StringComparison.Ordinal))
        {
            host = text[(text.LastIndexOf('@') + 1)..];
        }
        else if (text.Contains('.', StringComparison.Ordinal) && Uri.TryCreate("https://" + text, UriKind.Absolute, out var asDomain) && asDomain.Host.Contains('.', StringComparison.Ordinal))
        {
            host = asDomain.IdnHost;
        }

        if (host is null)
        {
            return false;
        }

        if (Uri.TryCreate("https://" + host, UriKind.Absolute, out var normalized))
        {
            host = normalized.IdnHost;
        }

        return !string.Equals(host.TrimEnd('.'), destination.IdnHost.TrimEnd('.'), StringComparison.OrdinalIgnoreCase);
    }

    // One parser for every call: a new HtmlParser builds its browsing context and configuration, which cost more than
    // parsing a streamed block (the streaming message decorates its tail on every render tick: docs/benchmarks.md,
    // figure 5c). Parsing shares nothing between documents (HtmlSanitizer shares its default parser the same way).
    private static readonly HtmlParser CodeBlockParser = new();

    /// <summary>
    /// Puts a header with the language and a copy button around each code block of HTML that <see cref="Render"/>
    /// produced. Works on the parsed DOM (AngleSharp, as the sanitizer does), never on the HTML text: labels are set
    /// as text, so neither the label nor the code can become markup. The button has no handler; app.js handles
    /// clicks by delegation. Done when a message is shown (not in <see cref="Render"/>) because the label follows
    /// the reader's language while the rendered HTML is stored once.
    /// </summary>
    public static string DecorateCodeBlocks(string sanitizedHtml, string copyLabel)
    {
        ArgumentNullException.ThrowIfNull(sanitizedHtml);
        ArgumentNullException.ThrowIfNull(copyLabel);
        if (!sanitizedHtml.Contains("<pre", StringComparison.Ordinal))
        {
            return sanitizedHtml; // nothing to decorate: skip the parse
        }

        var document = CodeBlockParser.ParseDocument("<!DOCTYPE html><html><body></body></html>");
        var body = document.Body!;
        body.InnerHtml = sanitizedHtml;
        foreach (var pre in body.QuerySelectorAll("pre").ToList())
        {
            if (pre.ParentElement?.ClassName == "code-block")
            {
                continue; // already decorated
            }

            var language = pre.QuerySelector("code")?.GetAttribute("class") is { } cls && LanguageClass().IsMatch(cls) ? cls["language-".Length..] : "text";
            var block = document.CreateElement("div");
            block.SetAttribute("class", "code-block");
            var head = document.CreateElement("div");
            head.SetAttribute("class", "code-head");
            var lang = document.CreateElement("span");
            lang.SetAttribute("class", "code-lang");
            lang.TextContent = language;
            var copy = document.CreateElement("button");
            copy.SetAttribute("type", "button");
            copy.SetAttribute("class", "code-copy");
            copy.TextContent = copyLabel;
            head.AppendChild(lang);
            head.AppendChild(copy);
            pre.Replace(block);
            block.AppendChild(head);
            block.AppendChild(pre);
        }

        return body.InnerHtml;
    }

    private static bool IsAllowedAbsoluteUrl(string href) =>
        Uri.TryCreate(href.Trim(), UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeMailto);

    [GeneratedRegex("^language-[a-z0-9+#-]{1,20}$", RegexOptions.CultureInvariant)]
    private static partial Regex LanguageClass();
}
