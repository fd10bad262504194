using System.Text.RegularExpressions;
using SecureAiChat.Tests.Infrastructure;

namespace SecureAiChat.Tests.Integration.Hosting;

/// <summary>The app as a published app serves it: the build's endpoint manifest with its own cache headers.</summary>
public sealed class PublishedStaticFilesHost : AppHost
{
    // Without it MapStaticAssets sends no-cache on every file of a build (not published) manifest, as in Development.
    public PublishedStaticFilesHost() => Configure("EnableStaticAssetsDevelopmentCaching", "true");
}

/// <summary>
/// Every stylesheet and script a page links is fingerprinted, cached as immutable and sent compressed. MudBlazor's
/// package routes were not compressed (627 KB of CSS on a first visit), hence its files under wwwroot/lib/mudblazor
/// (docs/architecture.md, "Hosts and pages").
/// </summary>
public sealed class StaticFilesTests(PublishedStaticFilesHost app) : IClassFixture<PublishedStaticFilesHost>
{
    [Fact]
    public async Task Every_linked_stylesheet_and_script_is_fingerprinted_immutable_and_compressed()
    {
        using var client = app.CreateLoopbackClient();
        var page = await client.GetStringAsync(app.PlatformUri);
        var files = Regex.Matches(page, "<link href=\"(?<url>[^\"]+)\" rel=\"stylesheet\"|<script src=\"(?<url>[^\"]+)\"")
            .Select(m => m.Groups["url"].Value)
            .ToList();

        Assert.Contains(files, f => f.StartsWith("lib/mudblazor/MudBlazor.min.", StringComparison.Ordinal) && f.EndsWith(".css", StringComparison.Ordinal));
        Assert.Contains(files, f => f.StartsWith("lib/mudblazor/MudBlazor.min.", StringComparison.Ordinal) && f.EndsWith(".js", StringComparison.Ordinal));
        foreach (var file in files)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(app.PlatformUri, file));
            request.Headers.TryAddWithoutValidation("Accept-Encoding", "gzip, br");
            using var response = await client.SendAsync(request);

            Assert.True(response.IsSuccessStatusCode, $"{file}: {(int)response.StatusCode}");
            Assert.Matches(@"\.[a-z0-9]{8,}\.(css|js)$", file);
            Assert.Contains("immutable", response.Headers.CacheControl?.ToString() ?? "", StringComparison.Ordinal);
            var encoding = Assert.Single(response.Content.Headers.ContentEncoding);
            Assert.Contains(encoding, new[] { "gzip", "br" });
        }
    }
}
