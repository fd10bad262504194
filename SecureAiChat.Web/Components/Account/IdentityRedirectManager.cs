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
    /// on this host and base-relative paths ("Account/Lockout") become root-relative; the result must pass
    /// <see cref="AccountUrls.IsLocal"/> (the one return-URL validator), else it goes home.
    /// </summary>
    private string LocalOnly(string? uri)
    {
        if (string.IsNullOrEmpty(uri)) return "/";
        if (uri.StartsWith(navigationManager.BaseUri, StringComparison.OrdinalIgnoreCase))
            uri = "/" + navigationManager.ToBaseRelativePath(uri);
        else if (!uri.StartsWith('/') && Uri.IsWellFormedUriString(uri, UriKind.Relative) && !uri.Contains(':', StringComparison.Ordinal))
            uri = "/" + uri; // base-relative; the app has no path base
        return AccountUrls.SafeReturnUrl(uri);
    }
}
