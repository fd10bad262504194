using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.StaticAssets;
using Microsoft.EntityFrameworkCore;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Identity;
using SecureAiChat.Core.Security;
using SecureAiChat.Core.Sso;
using SecureAiChat.Core.Tenancy;

namespace SecureAiChat.Web.Features.Security;

/// <summary>
/// The workspace's session rules on every signed-in request of a workspace host: a session idle longer than the
/// workspace allows is signed out (and must sign in again), activity is recorded (at most once a minute), and a
/// member who must use two-factor sign-in but has none is sent to set up an authenticator before anything else.
/// On the platform host, operators must have two-factor sign-in. Open circuits get the idle rule from the revalidation every minute.
/// </summary>
public sealed class SessionPolicyMiddleware(RequestDelegate next)
{
    public const string EnableAuthenticatorPath = "/Account/Manage/EnableAuthenticator";

    public async Task InvokeAsync(HttpContext context, ICurrentTenant tenant, AppDbContext db, TimeProvider time, UserSessions sessions)
    {
        var userId = context.User.FindFirstValue(ClaimTypes.NameIdentifier);
        if (userId is null || tenant.TenantId is null || IsInfrastructure(context))
        {
            await next(context);
            return;
        }
        if (tenant.TenantId == PlatformTenant.Id)
        {
            await OperatorPolicyAsync(context, db, userId);
            return;
        }

        var settings = await db.SecuritySettings.AsNoTracking().SingleOrDefaultAsync(context.RequestAborted) ?? new SecuritySettings();
        var user = await db.Users.AsNoTracking().Where(u => u.Id == userId)
            .Select(u => new { u.LastActiveAt, u.TwoFactorEnabled }).SingleOrDefaultAsync(context.RequestAborted);
        if (user is null)
        {
            await next(context);
            return;
        }

        var now = time.GetUtcNow();
        if (SessionPolicy.IsIdle(user.LastActiveAt, now, settings.IdleTimeoutMinutes))
        {
            if (context.User.FindFirstValue(AppClaimTypes.SessionId) is { } sessionId) await sessions.EndAsync(sessionId, context.RequestAborted);
            await context.SignOutAsync(IdentityConstants.ApplicationScheme);
            context.User = new ClaimsPrincipal(new ClaimsIdentity());
            if (!IsAccountPage(context.Request.Path))
            {
                context.Response.Redirect("/Account/Login?idle=1&ReturnUrl=" + Uri.EscapeDataString(context.Request.Path + context.Request.QueryString));
                return;
            }
            await next(context);
            return;
        }
        if (MemberActivity.IsDue(user.LastActiveAt, now)) await MemberActivity.RecordAsync(db, userId, now, context.RequestAborted);

        // "Admins" covers Auditors too: they read the whole workspace's audit log and usage.
        var isAdmin = Roles.ReadsWorkspace(context.User);
        var viaSso = context.User.FindFirstValue(ClaimTypes.AuthenticationMethod) == SsoSignIn.Scheme;
        // Every method and every endpoint (the CSV export, minimal APIs, form posts), not only page GETs.
        if (!IsAccountPage(context.Request.Path)
            && SessionPolicy.MustSetUpTwoFactor(settings.TwoFactorRequirement, isAdmin, user.TwoFactorEnabled, viaSso))
        {
            context.Response.Redirect(EnableAuthenticatorPath + "?required=1");
            return;
        }
        await next(context);
    }

    /// <summary>
    /// Operators hold the keys to every workspace: an operator without two-factor sign-in is sent to set up an
    /// authenticator and can use nothing else of the console (or any endpoint) until it is on.
    /// </summary>
    private async Task OperatorPolicyAsync(HttpContext context, AppDbContext db, string userId)
    {
        if (context.User.IsInRole(Roles.Operator) && !IsAccountPage(context.Request.Path)
            && !await db.Users.AsNoTracking().AnyAsync(u => u.Id == userId && u.TwoFactorEnabled, context.RequestAborted))
        {
            context.Response.Redirect(EnableAuthenticatorPath + "?required=1");
            return;
        }
        await next(context);
    }

    // Framework files, static assets and the circuit's connection carry no data; open circuits are checked by revalidation.
    // Static assets are recognised by their endpoint, not by a dot in the path: "/usage/export.csv" has an extension
    // too, and skipping every such path let the export ignore the idle timeout and the required two-factor setup.
    private static bool IsInfrastructure(HttpContext context)
    {
        var path = context.Request.Path;
        return path.StartsWithSegments("/_framework") || path.StartsWithSegments("/_content") || path.StartsWithSegments("/_blazor")
            || path.StartsWithSegments("/health") || context.GetEndpoint()?.Metadata.GetMetadata<StaticAssetDescriptor>() is not null;
    }

    private static bool IsAccountPage(PathString path) => path.StartsWithSegments("/Account", StringComparison.OrdinalIgnoreCase);
}
