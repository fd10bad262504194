using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.AspNetCore.Identity;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Identity;
using SecureAiChat.Core.Provisioning;
using SecureAiChat.Core.Tenancy;
using SecureAiChat.Web.Hosting;

namespace SecureAiChat.Web.Features.Provisioning;

public static class ProvisioningHosting
{
    /// <summary>Signup, the provisioning pipeline (a Hangfire job: <c>AddJobs()</c> hosts Hangfire) and login links.</summary>
    public static IHostApplicationBuilder AddProvisioning(this IHostApplicationBuilder builder)
    {
        builder.Services.AddProvisioningServices();
        return builder;
    }

    /// <summary>The single-use "open workspace" link on the workspace host, and the Hangfire dashboard on the platform host.</summary>
    public static WebApplication MapProvisioning(this WebApplication app)
    {
        app.MapGet(WorkspaceLoginLinks.Path, OpenWorkspaceAsync).ExcludeFromDescription();
        app.MapGet(SignupBinding.BindPath, BindAsync).ExcludeFromDescription();
        app.MapGet(OfferPath + "/{statusId}", OfferAsync).ExcludeFromDescription();
        app.MapHangfireDashboard();
        return app;
    }

    /// <summary>The status page's "open workspace" button: issues the single-use sign-in link to the bound browser only.</summary>
    public const string OfferPath = "/signup/open-workspace";

    /// <summary>The status page's address; the query marks a visit where no sign-in link could be issued.</summary>
    public static string StatusPath(string statusId, bool noLink = false) =>
        $"/signup/status/{Uri.EscapeDataString(statusId)}" + (noLink ? "?link=none" : "");

    private static async Task<IResult> BindAsync(HttpContext http, string? token, SignupBinding binding, IMultiTenantContextAccessor<AppTenantInfo> tenant)
    {
        NoStore(http);
        // The platform host only: the cookie is host-only and must never be set on a workspace's host.
        if (tenant.MultiTenantContext.IsResolved) return Results.NotFound();
        var bound = await binding.ExchangeAsync(token, http.RequestAborted);
        if (bound is not { } b) return Results.LocalRedirect("/signup");
        http.Response.Cookies.Append(SignupBinding.CookieName, b.BrowserSecret, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = http.Request.IsHttps,
            Path = "/signup",
            // No Domain: host-only, so no workspace subdomain ever receives it.
            MaxAge = TimeSpan.FromDays(1),
            IsEssential = true,
        });
        return Results.LocalRedirect(StatusPath(b.StatusId));
    }

    private static async Task<IResult> OfferAsync(HttpContext http, string statusId, WorkspaceLoginLinks links, IMultiTenantContextAccessor<AppTenantInfo> tenant)
    {
        NoStore(http);
        if (tenant.MultiTenantContext.IsResolved || statusId.Length > 64) return Results.NotFound();
        var link = await links.IssueAsync(statusId, http.Request.Cookies[SignupBinding.CookieName], http.RequestAborted);
        // Another browser (or an offer past its time) goes back to the status page, which says to sign in with the password.
        return link is null ? Results.LocalRedirect(StatusPath(statusId, noLink: true)) : Results.Redirect(link.AbsoluteUri);
    }

    private static void NoStore(HttpContext http)
    {
        http.Response.Headers.CacheControl = "no-store";
        http.Response.Headers["Referrer-Policy"] = "no-referrer";
    }

    private static async Task<IResult> OpenWorkspaceAsync(
        HttpContext http, string? token, IMultiTenantContextAccessor<AppTenantInfo> tenant, AppDbContext db,
        WorkspaceLoginLinks links, UserManager<AppUser> users, SignInManager<AppUser> signIn)
    {
        NoStore(http);
        if (!tenant.MultiTenantContext.IsResolved) return Results.NotFound();

        var userId = await links.RedeemAsync(db, token, http.RequestAborted);
        var user = userId is null ? null : await users.FindByIdAsync(userId);
        if (user is null || !user.IsActive || await users.IsLockedOutAsync(user)) return Results.LocalRedirect("/Account/Login");

        // Through the sign-in manager like every sign-in: it starts the server-side session the cookie must name.
        await signIn.SignInWithClaimsAsync(user, new AuthenticationProperties { IsPersistent = false }, [new Claim("amr", "signup-link")]);
        return Results.LocalRedirect("/");
    }
}
