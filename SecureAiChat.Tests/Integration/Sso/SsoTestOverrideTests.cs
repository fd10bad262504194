using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using SecureAiChat.Web.Hosting;

namespace SecureAiChat.Tests.Integration.Sso;

/// <summary>The test-only overrides of the Entra ID authority and issuer checks cannot be switched on in Production.</summary>
public sealed class SsoTestOverrideTests
{
    private static WebApplicationBuilder Builder(string environment, bool overrides)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = environment });
        var settings = new Dictionary<string, string?>
        {
            ["AzureAd:Instance"] = "https://login.microsoftonline.com/",
            ["AzureAd:TenantId"] = "organizations",
            ["AzureAd:ClientId"] = "00000000-0000-0000-0000-000000000001",
            ["AzureAd:ClientSecret"] = "secret",
        };
        if (overrides)
        {
            settings["Sso:Testing:Enabled"] = "true";
            settings["Sso:Testing:Authority"] = "http://127.0.0.1:1";
        }
        builder.Configuration.AddInMemoryCollection(settings);
        return builder;
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    public void The_switch_is_refused_at_start_up_outside_testing_and_development(string environment)
    {
        var error = Assert.Throws<InvalidOperationException>(() => Builder(environment, overrides: true).AddSso());
        Assert.Contains("Sso:Testing:Enabled", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Production_without_the_switch_starts()
    {
        Builder("Production", overrides: false).AddSso();
    }
}
