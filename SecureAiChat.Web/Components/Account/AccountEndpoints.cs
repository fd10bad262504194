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
            return TypedResults.LocalRedirect(AccountUrls.SafeReturnUrl(returnUrl));
        });
        return endpoints;
    }
}
