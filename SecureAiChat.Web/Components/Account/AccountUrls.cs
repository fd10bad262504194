namespace SecureAiChat.Web.Components.Account;

/// <summary>Return-URL rules shared by the account pages and endpoints.</summary>
public static class AccountUrls
{
    /// <summary>True for a path on this site ("/x"), false for "//host", "/\host", absolute URLs and empty strings.</summary>
    public static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url) && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'))
        && !url.Any(char.IsControl);

    /// <summary>The return URL if it is local, else the home page.</summary>
    public static string SafeReturnUrl(string? url) => IsLocal(url) ? url! : "/";
}
