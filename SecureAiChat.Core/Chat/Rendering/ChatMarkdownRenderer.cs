using System.Text.RegularExpressions;
using AngleSharp.Dom;
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

    private static bool IsAllowedAbsoluteUrl(string href) =>
        Uri.TryCreate(href.Trim(), UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeMailto);

    [GeneratedRegex("^language-[a-z0-9+#-]{1,20}$", RegexOptions.CultureInvariant)]
    private static partial Regex LanguageClass();
}
