using SecureAiChat.Web.Features.Audit;
using SecureAiChat.Web.Features.Security;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.Extensions.WebEncoders;
using MudBlazor.Services;
using SecureAiChat.Web.Components.Layout;

namespace SecureAiChat.Web.Hosting;

public static class WebUiHosting
{
    public static IHostApplicationBuilder AddWebUi(this IHostApplicationBuilder builder)
    {
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddMudServices();
        // Shared by every circuit: the theme's stylesheet and the side navigation's links (docs/benchmarks.md, figure 4).
        builder.Services.AddSingleton<AppThemeStyles>();
        builder.Services.AddSingleton<WorkspaceNavLinks>();
        // Japanese text is sent as characters, not &#x...; entities: a third of the bytes and readable source.
        builder.Services.Configure<WebEncoderOptions>(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        return builder;
    }

    /// <summary>
    /// The request pipeline in the order that matters: tenant from the host before authentication (cookies
    /// are checked against it), culture after authentication (the profile's language wins), then the gate.
    /// </summary>
    public static WebApplication UseWebPipeline(this WebApplication app)
    {
        // Forwarded headers first: everything after it (HSTS, throttling, audit) sees the real client.
        app.UseProxies();
        // Next, so the headers reach every response, error pages included (docs/security-headers.md).
        app.UseSecurityHeaders();
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/Error", createScopeForErrors: true);
            // Strict-Transport-Security on https responses (never for localhost: browsers would remember it).
            app.UseHsts();
        }
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.UseMultiTenant();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAuditActor();
        app.UseRequestLocalization();
        app.UseWorkspaceGate();
        app.UseIpAllowList();
        app.UseSessionPolicy();
        app.UseAccountThrottling();
        app.UseAntiforgery();
        return app;
    }
}
