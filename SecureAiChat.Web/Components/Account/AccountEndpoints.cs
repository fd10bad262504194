using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using SecureAiChat.Core.Identity;

namespace SecureAiChat.Web.Components.Account;

/// <summary>Account endpoints that are not pages (Microsoft.Identity.Web.UI is not available; we write our own).</summary>
public static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var account = endpoints.MapGroup("/Account");
        account.MapPost("/Logout", async (SignInManager<AppUser> signInManager, [FromForm] string? returnUrl) =>
        {
            await signInManager.SignOutAsync();
            return TypedResults.LocalRedirect(IsLocal(returnUrl) ? returnUrl! : "/");
        });
        return endpoints;
    }

    private static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url) && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'));
}
