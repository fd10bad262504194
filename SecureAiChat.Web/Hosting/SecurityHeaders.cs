using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Options;
using SecureAiChat.Core.Sso;
using SecureAiChat.Web.Features.Sso;

namespace SecureAiChat.Web.Hosting;

/// <summary>
/// Browser-side defences on every response: a Content-Security-Policy, nosniff, a referrer policy and a
/// permissions policy. Set when the response starts (not when the request comes in), so the error page, the
/// status-code pages and the static files carry them too: the exception handler clears headers set earlier.
/// See docs/security-headers.md.
/// </summary>
public static class SecurityHeaders
{
    public const string ContentSecurityPolicy = "Content-Security-Policy";

    /// <summary>Everything the browser may not use on any of our pages.</summary>
    public const string PermissionsPolicy =
        "accelerometer=(), autoplay=(), camera=(), display-capture=(), encrypted-media=(), fullscreen=(self), " +
        "geolocation=(), gyroscope=(), magnetometer=(), microphone=(), midi=(), payment=(), picture-in-picture=(), " +
        "publickey-credentials-get=(), screen-wake-lock=(), serial=(), usb=(), xr-spatial-tracking=()";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app)
    {
        var formTargets = new Lazy<string>(() => FormTargets(app.ApplicationServices));
        return app.Use((context, next) =>
        {
            // Decided on the way in: a status-code page re-executes under another path before the response starts.
            var dashboard = context.Request.Path.StartsWithSegments(HangfireHosting.DashboardPath, StringComparison.OrdinalIgnoreCase);
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers[ContentSecurityPolicy] = PolicyFor(context.Request, dashboard, formTargets.Value);
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
                headers["Permissions-Policy"] = PermissionsPolicy;
                return Task.CompletedTask;
            });
            return next(context);
        });
    }

    /// <summary>The policy for one request: the app's strict one, or the Hangfire dashboard's.</summary>
    public static string PolicyFor(HttpRequest request, bool hangfireDashboard, string formTargets)
    {
        // Blazor's circuit is a WebSocket to this very host. CSP3 lets 'self' match ws:/wss: of the same host, but
        // older engines do not, so the socket's origin is named as well. Kestrel has already refused malformed
        // Host headers, and the value only ever describes the host this response is served from.
        var socket = request.Host.HasValue ? $" {(request.IsHttps ? "wss" : "ws")}://{request.Host.Value}" : "";
        var common = $"default-src 'self'; connect-src 'self'{socket}; img-src 'self' data:; font-src 'self' data:; " +
                     $"object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'{formTargets}";

        // The Hangfire dashboard (operators only, platform host) writes inline <script> blocks and inline event
        // handlers that we cannot change; it gets inline script, and keeps everything else of the strict policy.
        if (hangfireDashboard)
            return $"{common}; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'";

        // No inline script anywhere: every script is a file under wwwroot or a package's static assets.
        // Styles need 'unsafe-inline': MudBlazor sets style="" attributes on its components (popover positions,
        // progress widths, grid spacing) and Blazor's reconnect dialog injects a <style> element. Inline style
        // cannot run code; it is the price of the component library, accepted in docs/security-headers.md.
        return $"{common}; script-src 'self'; style-src 'self' 'unsafe-inline'";
    }

    /// <summary>
    /// Microsoft sign-in posts a form to /Account/ExternalLogin, which redirects to the identity provider; Chromium
    /// applies form-action to that redirect too, so the configured authority's origin must be allowed.
    /// </summary>
    private static string FormTargets(IServiceProvider services)
    {
        if (services.GetService<SsoPlatform>() is not { Enabled: true }) return "";
        var oidc = services.GetRequiredService<IOptionsMonitor<OpenIdConnectOptions>>().Get(SsoSignIn.Scheme);
        var authority = oidc.Authority ?? oidc.MetadataAddress;
        return Uri.TryCreate(authority, UriKind.Absolute, out var uri) ? " " + uri.GetLeftPart(UriPartial.Authority) : "";
    }
}
