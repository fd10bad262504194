using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Identity;
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
            .AddDefaultTokenProviders();
        // AddSignInManager<AppSignInManager>() already maps SignInManager<AppUser> to AppSignInManager (and back);
        // registering the alias again made the two resolve each other forever and hung every page that signs in.
        services.AddSingleton<OperatorAccounts>();

        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = RevalidationInterval);
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
        });
        services.ConfigureExternalCookie(o =>
        {
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = secure ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
        });

        builder.AddKeyRing();
        return builder;
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
        // Identity's validator comes with SignInManager, UserManager and a DbContext: building that chain cost
        // ~150 µs on every request (docs/benchmarks.md, figure 6) although it only re-checks once per interval.
        var stamps = context.HttpContext.RequestServices.GetRequiredService<IOptions<SecurityStampValidatorOptions>>().Value;
        var now = (stamps.TimeProvider ?? TimeProvider.System).GetUtcNow();
        if (context.Properties.IssuedUtc is { } issued && now - issued <= stamps.ValidationInterval) return;
        await SecurityStampValidator.ValidatePrincipalAsync(context);
    }
}
