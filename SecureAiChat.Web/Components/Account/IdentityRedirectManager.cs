using Microsoft.AspNetCore.Components;

namespace SecureAiChat.Web.Components.Account;

/// <summary>
/// Redirects from static account pages, with a one-shot status message cookie (the Blazor Identity template's pattern).
/// The web project sets <c>BlazorDisableThrowNavigationException</c>, so a redirect does not throw: callers
/// <c>return</c> right after calling one of these methods.
/// </summary>
public sealed class IdentityRedirectManager(NavigationManager navigationManager)
{
    public const string StatusCookieName = "Identity.StatusMessage";

    private static readonly CookieBuilder StatusCookieBuilder = new()
    {
        SameSite = SameSiteMode.Strict,
        HttpOnly = true,
        IsEssential = true,
        MaxAge = TimeSpan.FromSeconds(5),
    };

    public void RedirectTo(string? uri)
    {
        navigationManager.NavigateTo(LocalOnly(uri));
    }

    public void RedirectTo(string uri, Dictionary<string, object?> queryParameters)
    {
        var uriWithoutQuery = navigationManager.ToAbsoluteUri(uri).GetLeftPart(UriPartial.Path);
        var newUri = navigationManager.GetUriWithQueryParameters(uriWithoutQuery, queryParameters);
        RedirectTo(newUri);
    }

    /// <summary>Redirects with a status message. <paramref name="messageKey"/> is a key of AccountStrings (localized when shown).</summary>
    public void RedirectToWithStatus(string uri, string messageKey, HttpContext context)
    {
        context.Response.Cookies.Append(StatusCookieName, messageKey, StatusCookieBuilder.Build(context));
        RedirectTo(uri);
    }

    private string CurrentPath => navigationManager.ToAbsoluteUri(navigationManager.Uri).GetLeftPart(UriPartial.Path);

    public void RedirectToCurrentPage() => RedirectTo(CurrentPath);

    public void RedirectToCurrentPageWithStatus(string messageKey, HttpContext context) => RedirectToWithStatus(CurrentPath, messageKey, context);

    public void RedirectToInvalidUser(HttpContext context) => RedirectToWithStatus("Account/InvalidUser", "Error_InvalidUser", context);

    /// <summary>
    /// Only our own host: an open redirect would let a phishing link borrow our sign-in page. Absolute URLs
    /// on this host become relative; anything else (other hosts, <c>//evil</c>, <c>/\evil</c>) goes home.
    /// </summary>
    private string LocalOnly(string? uri)
    {
        if (string.IsNullOrEmpty(uri)) return "";
        if (uri.StartsWith(navigationManager.BaseUri, StringComparison.OrdinalIgnoreCase))
            return navigationManager.ToBaseRelativePath(uri);
        if (AccountUrls.IsLocal(uri)) return uri;
        if (Uri.IsWellFormedUriString(uri, UriKind.Relative) && !uri.StartsWith('/') && !uri.StartsWith('\\') && !uri.Contains(':', StringComparison.Ordinal))
            return uri; // base-relative such as "Account/Lockout"
        return "";
    }
}
