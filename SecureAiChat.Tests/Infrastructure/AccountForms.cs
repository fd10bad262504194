using System.Text.RegularExpressions;

namespace SecureAiChat.Tests.Infrastructure;

/// <summary>Posts the static account forms the way a browser does: GET the page, keep its antiforgery token, POST.</summary>
public static partial class AccountForms
{
    public static async Task<string> AntiforgeryTokenAsync(HttpClient client, Uri page)
    {
        var html = await client.GetStringAsync(page);
        var match = TokenPattern().Match(html);
        if (!match.Success) throw new InvalidOperationException($"No antiforgery token on {page}.");
        return System.Net.WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    public static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, Uri page, string formName, IDictionary<string, string> fields)
    {
        var token = await AntiforgeryTokenAsync(client, page);
        var content = new Dictionary<string, string>(fields)
        {
            ["__RequestVerificationToken"] = token,
            ["_handler"] = formName,
        };
        return await client.PostAsync(page, new FormUrlEncodedContent(content));
    }

    public static Task<HttpResponseMessage> PostLoginAsync(HttpClient client, Uri loginPage, string email, string password) =>
        PostFormAsync(client, loginPage, "login", new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        });

    [GeneratedRegex("<input[^>]*name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
