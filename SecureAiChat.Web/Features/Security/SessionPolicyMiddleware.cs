using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
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
/// Open circuits get the idle rule from the revalidation every minute.
/// </summary>
public sealed class SessionPolicyMiddleware(RequestDelegate next)
{
    public const string EnableAuthenticatorPath = "/Account/Manage/EnableAuthenticator";

    public async Task InvokeAsync(HttpContext context, ICurrentTenant tenant, AppDbContext db, TimeProvider time)
    {
        var userId = context.User.FindFirstValue(ClaimTypes.NameIdentifier);
        if (userId is null || tenant.TenantId is null || tenant.TenantId == PlatformTenant.Id || IsInfrastructure(context.Request.Path))
        {
            await next(context);
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
        if (user.LastActiveAt is not { } last || now - last >= SessionPolicy.ActivityWriteInterval)
            await db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(s => s.SetProperty(u => u.LastActiveAt, now), context.RequestAborted);

        var isAdmin = context.User.IsInRole(Roles.Owner) || context.User.IsInRole(Roles.Admin);
        var viaSso = context.User.FindFirstValue(ClaimTypes.AuthenticationMethod) == SsoSignIn.Scheme;
        if (!IsAccountPage(context.Request.Path) && HttpMethods.IsGet(context.Request.Method)
            && SessionPolicy.MustSetUpTwoFactor(settings.TwoFactorRequirement, isAdmin, user.TwoFactorEnabled, viaSso))
        {
            context.Response.Redirect(EnableAuthenticatorPath + "?required=1");
            return;
        }
        await next(context);
    }

    // Framework files, static assets and the circuit's connection carry no page; open circuits are checked by revalidation.
    private static bool IsInfrastructure(PathString path) =>
        path.StartsWithSegments("/_framework") || path.StartsWithSegments("/_content") || path.StartsWithSegments("/_blazor")
        || path.StartsWithSegments("/health") || Path.HasExtension(path.Value);

    private static bool IsAccountPage(PathString path) => path.StartsWithSegments("/Account", StringComparison.OrdinalIgnoreCase);
}
