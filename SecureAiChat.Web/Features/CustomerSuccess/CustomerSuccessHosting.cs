using System.Security.Claims;
using SecureAiChat.Core.FeatureRequests;
using SecureAiChat.Core.Identity;
using SecureAiChat.Core.Satisfaction;
using SecureAiChat.Core.Support;
using SecureAiChat.Core.Tenancy;

namespace SecureAiChat.Web.Features.CustomerSuccess;

/// <summary>The customer success cycle: support requests, feature requests and the monthly satisfaction survey.</summary>
public static class CustomerSuccessHosting
{
    public const string WorkspaceAttachmentPath = "/support/attachments/{id:guid}";
    public const string OperatorAttachmentPath = "/ops/support/attachments/{id:guid}";

    public static IHostApplicationBuilder AddCustomerSuccess(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<SupportService>();
        builder.Services.AddScoped<SupportDesk>();
        builder.Services.AddScoped<FeatureRequestService>();
        builder.Services.AddScoped<FeatureBoard>();
        builder.Services.AddScoped<SatisfactionSurvey>();
        builder.Services.AddScoped<SatisfactionReport>();
        return builder;
    }

    /// <summary>
    /// The screenshots of support requests: in a workspace for the requester and its Owners and Admins, on the root host for
    /// operators (recorded in the platform audit chain). Anyone else, and the other host, gets 404.
    /// </summary>
    public static WebApplication MapCustomerSuccess(this WebApplication app)
    {
        app.MapGet(WorkspaceAttachmentPath, async (Guid id, HttpContext http, IMultiTenantContextAccessor<AppTenantInfo> tenant, SupportService support) =>
        {
            if (tenant.MultiTenantContext.TenantInfo is null) return Results.NotFound();
            var user = http.User;
            var file = await support.AttachmentAsync(id, user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "",
                user.IsInRole(Roles.Owner) || user.IsInRole(Roles.Admin), http.RequestAborted);
            return Serve(http, file);
        }).RequireAuthorization().ExcludeFromDescription();

        app.MapGet(OperatorAttachmentPath, async (Guid id, HttpContext http, IMultiTenantContextAccessor<AppTenantInfo> tenant, SupportDesk desk) =>
        {
            if (tenant.MultiTenantContext.TenantInfo is not null) return Results.NotFound();
            return Serve(http, await desk.AttachmentAsync(id, http.RequestAborted));
        }).RequireAuthorization(policy => policy.RequireRole(Roles.Operator)).ExcludeFromDescription();
        return app;
    }

    public static string WorkspaceAttachmentHref(Guid id) => $"/support/attachments/{id}";

    public static string OperatorAttachmentHref(Guid id) => $"/ops/support/attachments/{id}";

    // The content type is the one the file's magic bytes gave at upload; nosniff and a sandboxing CSP keep the browser from
    // treating the bytes as anything else.
    private static IResult Serve(HttpContext http, SupportAttachmentFile? file)
    {
        if (file is null) return Results.NotFound();
        http.Response.Headers.CacheControl = "private, no-store";
        http.Response.Headers.XContentTypeOptions = "nosniff";
        http.Response.Headers.ContentSecurityPolicy = "default-src 'none'; sandbox";
        return Results.File(file.Content, file.ContentType, file.FileName);
    }
}
