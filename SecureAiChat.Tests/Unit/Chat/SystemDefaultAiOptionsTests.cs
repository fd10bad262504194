using SecureAiChat.Core.Chat;
using SecureAiChat.Core.Providers;
using SecureAiChat.Core.Settings;
using SecureAiChat.Web.Features.Chat;

namespace SecureAiChat.Tests.Unit.Chat;

public sealed class SystemDefaultAiOptionsTests
{
    [Fact]
    public void No_key_and_no_provider_means_the_demo_model_outside_Production()
    {
        var settings = new SystemDefaultAiOptions().ToEndpointSettings();
        Assert.Equal(ProviderKind.Demo, settings!.Kind);
    }

    [Fact]
    public void Production_refuses_the_implicit_demo_but_accepts_an_explicit_one()
    {
        Assert.Null(new SystemDefaultAiOptions { AllowImplicitDemo = false }.ToEndpointSettings());
        Assert.Equal(ProviderKind.Demo, new SystemDefaultAiOptions { AllowImplicitDemo = false, Provider = "Demo" }.ToEndpointSettings()!.Kind);
    }

    [Fact]
    public void A_key_without_a_provider_means_OpenAI_with_the_default_model()
    {
        var settings = new SystemDefaultAiOptions { ApiKey = " sk-x ", Model = "" }.ToEndpointSettings()!;
        Assert.Equal(ProviderKind.OpenAI, settings.Kind);
        Assert.Equal("sk-x", settings.ApiKey);
        Assert.Equal("gpt-4o-mini", settings.Model);
        Assert.DoesNotContain("sk-x", settings.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Azure_takes_the_endpoint_and_deployment()
    {
        var settings = new SystemDefaultAiOptions { Provider = "azureopenai", Endpoint = "https://r.openai.azure.com/", ApiKey = "k", Model = "dep" }.ToEndpointSettings()!;
        Assert.Equal(ProviderKind.AzureOpenAI, settings.Kind);
        Assert.Equal(new Uri("https://r.openai.azure.com/"), settings.Endpoint);
        Assert.Equal("dep", settings.Model);
    }

    [Theory]
    [InlineData("Claude", null)]
    [InlineData("OpenAI", "not a url")]
    public void Unknown_provider_or_bad_endpoint_is_refused(string provider, string? endpoint) =>
        Assert.Throws<InvalidOperationException>(() => new SystemDefaultAiOptions { Provider = provider, Endpoint = endpoint, ApiKey = "k" }.ToEndpointSettings());

    [Theory]
    [InlineData("  Hello\n  world  ", "Hello")]
    [InlineData("\n\n  two   spaces  here", "two spaces here")]
    [InlineData("0123456789012345678901234567890123456789XYZ", "0123456789012345678901234567890123456789…")]
    public void Titles_come_from_the_first_line(string text, string title) => Assert.Equal(title, ConversationStore.MakeTitle(text));

    [Fact]
    public void Conversations_are_grouped_by_the_tenant_calendar_day()
    {
        var tokyo = SecureAiChat.Core.Tenancy.WorkspaceTime.Zone("Asia/Tokyo");
        var now = new DateTime(2026, 11, 24, 16, 0, 0, DateTimeKind.Utc); // 01:00 on the 25th in Tokyo
        Assert.Equal(ConversationGroup.Today, ConversationGroups.Of(new DateTime(2026, 11, 24, 15, 30, 0), now, tokyo));
        Assert.Equal(ConversationGroup.Yesterday, ConversationGroups.Of(new DateTime(2026, 11, 24, 14, 0, 0), now, tokyo));
        Assert.Equal(ConversationGroup.Last7Days, ConversationGroups.Of(new DateTime(2026, 11, 19, 0, 0, 0), now, tokyo));
        Assert.Equal(ConversationGroup.Older, ConversationGroups.Of(new DateTime(2026, 10, 1, 0, 0, 0), now, tokyo));
    }

    [Fact]
    public void Code_blocks_get_a_language_label_and_a_copy_button()
    {
        var html = CodeBlocks.Decorate("<pre><code class=\"language-python\">print(1)\n</code></pre><pre><code>x</code></pre>", "コピー");
        Assert.Contains("<span class=\"code-lang\">python</span>", html, StringComparison.Ordinal);
        Assert.Contains("<span class=\"code-lang\">text</span>", html, StringComparison.Ordinal);
        Assert.Equal(2, html.Split("class=\"code-copy\"").Length - 1);
        Assert.EndsWith("</code></pre></div>", html, StringComparison.Ordinal);
    }
}
