using SecureAiChat.Core.Operations;

namespace SecureAiChat.Web.Features.Ops;

/// <summary>The operator console's tenant list and tenant page (root host, Operators only).</summary>
public static class OpsHosting
{
    public static IHostApplicationBuilder AddTenantConsole(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<TenantDirectory>();
        return builder;
    }

    public static WebApplication MapTenantConsole(this WebApplication app)
    {
        app.MapTenantExport();
        return app;
    }
}
