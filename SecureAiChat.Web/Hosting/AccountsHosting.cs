using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Identity;
using SecureAiChat.Core.Security;
using SecureAiChat.Core.Tenancy;
using SecureAiChat.Web.Components.Account;

namespace SecureAiChat.Web.Hosting;

public static class AccountsHosting
{
    /// <summary>How often a session is re-checked (deactivation, password change, 2FA reset).</summary>
    public static readonly TimeSpan RevalidationInterval = TimeSpan.FromMinutes(1);

    /// <summary>ASP.NET Core Identity with per-tenant users, host-only cookies and the tenant check on every request.</summary>
    public static IHostApplicationBuilder AddAccounts(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddCascadingAuthenticationState();
        services.AddScoped<IdentityRedirectManager>();
        services.AddScoped<IdentityUserAccessor>();
        services.AddScoped<AuthenticationStateProvider, TenantRevalidatingAuthenticationStateProvider>();

        services.AddAuthentication(o =>
            {
                o.DefaultScheme = IdentityConstants.ApplicationScheme;
                o.DefaultSignInScheme = IdentityConstants.ExternalScheme;
            })
            .AddIdentityCookies();
        services.AddAuthorization();

        services.AddIdentityCore<AppUser>(o =>
            {
                o.SignIn.RequireConfirmedAccount = false;
                o.User.RequireUniqueEmail = true;
                o.Password.RequiredLength = 10;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireLowercase = true;
                o.Password.RequireDigit = true;
                o.Password.RequiredUniqueChars = 4;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.Lockout.AllowedForNewUsers = true;
                IdentityStoreSchema.Configure(o.Stores);
            })
            .AddRoles<AppRole>()
            .AddEntityFrameworkStores<AppDbContext>()
            // After the EF stores, so it replaces their user store: authenticator keys and recovery codes encrypted at rest.
            .AddUserStore<ProtectedTokenUserStore>()
            .AddSignInManager<AppSignInManager>()
            .AddClaimsPrincipalFactory<AppUserClaimsPrincipalFactory>()
            .AddErrorDescriber<LocalizedIdentityErrorDescriber>()
            .AddDefaultTokenProviders()
            // Replaces Identity's authenticator provider under its name: the same codes, each accepted once.
            .AddTokenProvider<SingleUseAuthenticatorTokenProvider>(TokenOptions.DefaultAuthenticatorProvider);
        services.AddOptions<AccountSessionOptions>().BindConfiguration(AccountSessionOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<UserSessions>();
        services.AddScoped<AccountAudit>();
        services.AddOptions<ThrottleOptions>().BindConfiguration(ThrottleOptions.SectionName);
        services.TryAddScoped<AttemptThrottle>();
        // AddSignInManager<AppSignInManager>() already maps SignInManager<AppUser> to AppSignInManager (and back);
        // registering the alias again made the two resolve each other forever and hung every page that signs in.
        services.AddSingleton<OperatorAccounts>();

        services.Configure<SecurityStampValidatorOptions>(o =>
        {
            o.ValidationInterval = RevalidationInterval;
            o.OnRefreshingPrincipal = KeepSessionClaims;
        });
        var secure = !builder.Environment.IsDevelopment() && !builder.Environment.IsEnvironment("Testing");
        services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = ".SecureAiChat.Session";
            // No Domain: the cookie is host-only, so a browser never sends acme's cookie to globex.
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = secure ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
            o.LoginPath = "/Account/Login";
            o.LogoutPath = "/Account/Logout";
            o.AccessDeniedPath = "/Account/AccessDenied";
            o.ExpireTimeSpan = TimeSpan.FromHours(12);
            o.SlidingExpiration = true;
            o.Events.OnValidatePrincipal = ValidatePrincipalAsync;
            // Signing in at LoginPath (or out at LogoutPath) made the handler redirect to the raw ReturnUrl query
            // with its own looser check, and a non-ASCII one became a 500. Our pages and endpoints redirect
            // themselves through AccountUrls, the one return-URL validator, so the handler's redirect is dropped.
            o.Events.OnRedirectToReturnUrl = _ => Task.CompletedTask;
        });
        services.ConfigureExternalCookie(o =>
        {
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = secure ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
        });

        builder.AddKeyRing();
        return builder;
    }

    /// <summary>
    /// The security stamp check rebuilds the principal from the user; the session id and the sign-in method belong to
    /// the session, not the user, so they are carried over (without the session id the next request would be refused).
    /// </summary>
    private static Task KeepSessionClaims(SecurityStampRefreshingPrincipalContext context)
    {
        if (context.NewPrincipal?.Identity is not ClaimsIdentity identity) return Task.CompletedTask;
        foreach (var type in new[] { AppClaimTypes.SessionId, ClaimTypes.AuthenticationMethod })
        {
            if (identity.HasClaim(c => c.Type == type)) continue;
            if (context.CurrentPrincipal?.FindFirst(type) is { } claim) identity.AddClaim(new Claim(type, claim.Value));
        }
        return Task.CompletedTask;
    }

    /// <summary>A principal is valid only on the host of its own tenant; a replayed cookie is rejected and cleared.</summary>
    private static async Task ValidatePrincipalAsync(CookieValidatePrincipalContext context)
    {
        var hostTenant = context.HttpContext.RequestServices.GetRequiredService<ICurrentTenant>().TenantId;
        var principalTenant = context.Principal?.FindFirstValue(AppClaimTypes.TenantId);
        if (hostTenant is null || principalTenant != hostTenant)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
            return;
        }
        var sessionId = context.Principal?.FindFirstValue(AppClaimTypes.SessionId);
        var userId = context.Principal?.FindFirstValue(ClaimTypes.NameIdentifier);
        // One primary-key read per request: an ended or expired session (or a cookie from before sessions) is refused.
        if (sessionId is null || userId is null
            || !await context.HttpContext.RequestServices.GetRequiredService<UserSessions>().IsActiveAsync(sessionId, userId, context.HttpContext.RequestAborted))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
            return;
        }
        // Identity's validator comes with SignInManager, UserManager and a DbContext: building that chain cost
        // ~150 µs on every request (docs/benchmarks.md, figure 6) although it only re-checks once per interval.
        var stamps = context.HttpContext.RequestServices.GetRequiredService<IOptions<SecurityStampValidatorOptions>>().Value;
        var now = (stamps.TimeProvider ?? TimeProvider.System).GetUtcNow();
        if (context.Properties.IssuedUtc is { } issued && now - issued <= stamps.ValidationInterval) return;
        await SecurityStampValidator.ValidatePrincipalAsync(context);
    }
}
