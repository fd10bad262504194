using Microsoft.Extensions.Localization;
using SecureAiChat.Core.DataGovernance.Export;
using SecureAiChat.Web.Features.Audit;

namespace SecureAiChat.Web.Features.DataGovernance;

/// <summary>Workspace and member exports: the service, the build job and the single-use download endpoint.</summary>
public static class DataExportHosting
{
    public static IHostApplicationBuilder AddDataExports(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<DataExportService>();
        builder.Services.AddScoped<DataExportBuilder>();
        builder.Services.AddScoped<IAuditActionLabels, AuditActionLabels>();
        builder.Services.AddTransient<DataExportJob>();
        return builder;
    }

    public static WebApplication MapDataExports(this WebApplication app) => app.MapDataExportDownload();

    /// <summary>The audit viewer's labels, so the export's audit log reads like the viewer's (in the requester's language).</summary>
    private sealed class AuditActionLabels(IStringLocalizer<AuditStrings> labels) : IAuditActionLabels
    {
        public string Label(string action) => labels[action] is { ResourceNotFound: false } label ? label.Value : action;
    }
}
