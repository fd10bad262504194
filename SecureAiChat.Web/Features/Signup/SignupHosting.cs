using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.AspNetCore.Identity;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Identity;
using SecureAiChat.Core.Provisioning;
using SecureAiChat.Core.Tenancy;
using SecureAiChat.Web.Hosting;

namespace SecureAiChat.Web.Features.Signup;

public static class SignupHosting
{
    /// <summary>Signup, sales inquiries, the provisioning pipeline on Hangfire, login links and the onboarding checklist.</summary>
    public static IHostApplicationBuilder AddProvisioning(this IHostApplicationBuilder builder)
    {
        builder.Services.AddProvisioningServices();
        builder.AddHangfireJobs();
        return builder;
    }

    /// <summary>The single-use "open workspace" link on the workspace host, and the Hangfire dashboard on the platform host.</summary>
    public static WebApplication MapProvisioning(this WebApplication app)
    {
        app.MapGet(WorkspaceLoginLinks.Path, OpenWorkspaceAsync).ExcludeFromDescription();
        app.MapHangfireDashboard();
        return app;
    }

    private static async Task<IResult> OpenWorkspaceAsync(
        HttpContext http, string? token, IMultiTenantContextAccessor<AppTenantInfo> tenant, AppDbContext db,
        WorkspaceLoginLinks links, UserManager<AppUser> users, SignInManager<AppUser> signIn)
    {
        http.Response.Headers.CacheControl = "no-store";
        http.Response.Headers["Referrer-Policy"] = "no-referrer";
        if (!tenant.MultiTenantContext.IsResolved) return Results.NotFound();

        var userId = await links.RedeemAsync(db, token, http.RequestAborted);
        var user = userId is null ? null : await users.FindByIdAsync(userId);
        if (user is null || !user.IsActive || await users.IsLockedOutAsync(user)) return Results.LocalRedirect("/Account/Login");

        // Through the sign-in manager like every sign-in: it starts the server-side session the cookie must name.
        await signIn.SignInWithClaimsAsync(user, new AuthenticationProperties { IsPersistent = false }, [new Claim("amr", "signup-link")]);
        return Results.LocalRedirect("/");
    }
}
