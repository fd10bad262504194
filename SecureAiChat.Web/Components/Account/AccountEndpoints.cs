using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using SecureAiChat.Core.Identity;
using SecureAiChat.Core.Sso;
using SecureAiChat.Web.Features.Sso;
using SecureAiChat.Web.Hosting;

namespace SecureAiChat.Web.Components.Account;

/// <summary>Account endpoints that are not pages (Microsoft.Identity.Web.UI is not available; we write our own).</summary>
public static class AccountEndpoints
{
    public const string ExternalLoginCallbackPath = "/Account/ExternalLoginCallback";

    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var account = endpoints.MapGroup("/Account");
        account.MapPost("/Logout", async (SignInManager<AppUser> signInManager, [FromForm] string? returnUrl) =>
        {
            await signInManager.SignOutAsync();
            return TypedResults.LocalRedirect(AccountUrls.SafeReturnUrl(returnUrl));
        });

        // "Sign in with Microsoft": only on a workspace that has linked its Entra directory.
        account.MapPost("/ExternalLogin", async (SignInManager<AppUser> signInManager, WorkspaceSso sso, [FromForm] string? returnUrl) =>
        {
            var settings = await sso.LinkedAsync();
            if (settings is null) return Refused(SsoRefusal.NotLinked);
            var callback = ExternalLoginCallbackPath + "?returnUrl=" + Uri.EscapeDataString(AccountUrls.SafeReturnUrl(returnUrl));
            var properties = signInManager.ConfigureExternalAuthenticationProperties(SsoSignIn.Scheme, callback);
            properties.Items[SsoHosting.DirectoryItem] = settings.DirectoryId;
            return Results.Challenge(properties, [SsoSignIn.Scheme]);
        });

        // Microsoft.Identity.Web put the token's principal into Identity's external cookie; the rules decide who it is.
        account.MapGet("/ExternalLoginCallback", async (HttpContext context, SignInManager<AppUser> signInManager, WorkspaceSso sso,
            SsoSignIn rules, ILogger<SsoSignIn> logger, string? returnUrl) =>
        {
            var info = await signInManager.GetExternalLoginInfoAsync();
            await context.SignOutAsync(IdentityConstants.ExternalScheme);
            if (info is null || info.LoginProvider != SsoSignIn.Scheme) return Refused(SsoRefusal.Failed);
            if (await sso.LinkedAsync() is null) return Refused(SsoRefusal.NotLinked);

            var result = await rules.ResolveAsync(EntraIdentity.FromPrincipal(info.Principal), context.RequestAborted);
            if (!result.Succeeded) return Refused(result.Code!.Value);
            var user = result.Value!.User;
            if (!await signInManager.CanSignInAsync(user)) return Refused(SsoRefusal.Deactivated);

            // Entra ID did the authentication (and its own MFA/conditional access), so the local 2FA step is not repeated.
            await signInManager.SignInAsync(user, isPersistent: false, authenticationMethod: SsoSignIn.Scheme);
            logger.LogInformation("User {UserId} signed in with Entra ID.", user.Id);
            return Results.LocalRedirect(AccountUrls.SafeReturnUrl(returnUrl));
        });
        return endpoints;
    }

    private static IResult Refused(SsoRefusal reason) => Results.Redirect("/Account/SsoRefused?reason=" + reason);
}
