using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Identity;
using Microsoft.Identity.Web;
using Microsoft.IdentityModel.Tokens;
using SecureAiChat.Core.Sso;
using SecureAiChat.Web.Features.Sso;

namespace SecureAiChat.Web.Hosting;

/// <summary>
/// Entra ID single sign-on: Microsoft.Identity.Web as an external scheme ("Entra", no cookie of its own);
/// Identity's external cookie carries the result to /Account/ExternalLoginCallback and Identity's cookie owns the session.
/// Off (and hidden) when <c>AzureAd:ClientId</c> is not configured.
/// </summary>
public static class SsoHosting
{
    public const string SectionName = "AzureAd";

    /// <summary>Test-only overrides (authority, issuer) for a non-Entra OpenID Connect provider. Refused outside Testing/Development.</summary>
    public const string TestingSectionName = "Sso:Testing";

    /// <summary>Carries the linked directory id from the challenge to the authorize request.</summary>
    public const string DirectoryItem = "sac:directory";

    public static IHostApplicationBuilder AddSso(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        var section = builder.Configuration.GetSection(SectionName);
        var testing = builder.Configuration.GetSection(TestingSectionName);
        var testingEnabled = testing.GetValue<bool>("Enabled");
        if (testingEnabled && !builder.Environment.IsEnvironment("Testing") && !builder.Environment.IsDevelopment())
        {
            throw new InvalidOperationException(
                $"{TestingSectionName}:Enabled replaces Entra ID's authority and issuer checks and is refused in the {builder.Environment.EnvironmentName} environment. Remove it.");
        }

        var enabled = !string.IsNullOrWhiteSpace(section["ClientId"]);
        var callbackPath = section["CallbackPath"] is { Length: > 0 } path ? path : "/signin-oidc";
        services.AddSingleton(new SsoPlatform(enabled, callbackPath, testingEnabled));
        services.AddScoped<SsoSignIn>();
        services.AddScoped<SsoSettingsService>();
        services.AddScoped<WorkspaceSso>();
        if (!enabled) return builder;

        services.AddAuthentication()
            .AddMicrosoftIdentityWebApp(section, SsoSignIn.Scheme, cookieScheme: null, displayName: SsoSignIn.DisplayName);

        // Registered after Microsoft.Identity.Web's own configuration, so these run last (and before the
        // handler's post-configuration builds the metadata manager from Authority/MetadataAddress).
        services.Configure<OpenIdConnectOptions>(SsoSignIn.Scheme, o =>
        {
            o.SignInScheme = IdentityConstants.ExternalScheme;
            o.CallbackPath = callbackPath;
            o.ResponseType = "code";
            o.UsePkce = true;
            o.SaveTokens = false;
            if (string.IsNullOrEmpty(o.ClientSecret) && section["ClientSecret"] is { Length: > 0 } secret) o.ClientSecret = secret;
            o.Scope.Remove("offline_access"); // we only sign people in; no tokens are kept
            if (!o.Scope.Contains("email")) o.Scope.Add("email");

            var redirect = o.Events.OnRedirectToIdentityProvider;
            o.Events.OnRedirectToIdentityProvider = async context =>
            {
                await redirect(context);
                // Send people straight to their company's sign-in page (the multi-tenant "organizations"
                // endpoint would accept any directory; the callback checks tid regardless).
                if (!testingEnabled && context.Properties.Items.TryGetValue(DirectoryItem, out var directory) && Guid.TryParse(directory, out var tid))
                {
                    context.ProtocolMessage.IssuerAddress = context.ProtocolMessage.IssuerAddress
                        .Replace("/organizations/", $"/{tid:D}/", StringComparison.OrdinalIgnoreCase)
                        .Replace("/common/", $"/{tid:D}/", StringComparison.OrdinalIgnoreCase);
                }
            };
            o.Events.OnRemoteFailure = context =>
            {
                context.Response.Redirect("/Account/SsoRefused?reason=" + nameof(SsoRefusal.Failed));
                context.HandleResponse();
                return Task.CompletedTask;
            };

            if (testingEnabled)
            {
                // A loopback OpenID Connect provider that issues Entra-shaped tokens (tid, oid, ...). Microsoft.Identity.Web
                // would append /v2.0 to the authority and validate issuers against Entra's templates.
                var authority = testing["Authority"] ?? throw new InvalidOperationException($"{TestingSectionName}:Authority is required.");
                var issuer = testing["Issuer"] ?? authority;
                o.Authority = authority;
                o.MetadataAddress = authority.TrimEnd('/') + "/.well-known/openid-configuration";
                o.RequireHttpsMetadata = false;
                // The loopback peer and the workspace hosts are plain http: Secure + SameSite=None correlation cookies
                // (needed for Entra's form_post) cannot be kept there, so the code comes back by query with Lax cookies.
                o.ResponseMode = "query";
                // oidc-provider offers pushed authorization requests, Entra ID does not: behave as with Entra.
                o.PushedAuthorizationBehavior = PushedAuthorizationBehavior.Disable;
                o.CorrelationCookie.SameSite = SameSiteMode.Lax;
                o.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.NonceCookie.SameSite = SameSiteMode.Lax;
                o.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.TokenValidationParameters.ValidIssuer = issuer;
                o.TokenValidationParameters.IssuerValidator = (tokenIssuer, _, _) =>
                    string.Equals(tokenIssuer, issuer, StringComparison.Ordinal)
                        ? tokenIssuer
                        : throw new SecurityTokenInvalidIssuerException($"Issuer {tokenIssuer} is not {issuer}.");
            }
        });
        return builder;
    }
}
