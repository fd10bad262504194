using System.Security.Claims;
using Microsoft.AspNetCore.Http.Features;
using SecureAiChat.Core.DataGovernance.Export;
using SecureAiChat.Core.Tenancy;

namespace SecureAiChat.Web.Features.DataGovernance;

/// <summary>
/// <c>GET /exports/{id}/download?token=…</c>: the mailed single-use link. It needs the requester signed in to the same
/// workspace (a forwarded link does nothing for anyone else), answers not found for another workspace's export, another
/// person's export or a wrong token, and sends a used or expired link to the export page with a message. The claim and
/// its audit entry are committed before a byte is sent; the bytes are streamed chunk by chunk and then dropped.
/// </summary>
public static class DataExportEndpoint
{
    public const string Pattern = "/exports/{id:guid}/download";

    public static WebApplication MapDataExportDownload(this WebApplication app)
    {
        app.MapGet(Pattern, DownloadAsync).RequireAuthorization().ExcludeFromDescription();
        return app;
    }

    private static async Task DownloadAsync(Guid id, string? token, HttpContext http, IMultiTenantContextAccessor<AppTenantInfo> tenant, DataExportService exports)
    {
        http.Response.Headers.CacheControl = "no-store";
        if (tenant.MultiTenantContext.TenantInfo is null || http.User.FindFirstValue(ClaimTypes.NameIdentifier) is not { Length: > 0 } userId)
        {
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        var (claim, export) = await exports.ClaimAsync(id, token, userId, http.RequestAborted);
        switch (claim)
        {
            case DataExportClaim.NotFound:
                http.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            case DataExportClaim.Gone:
                http.Response.Redirect("/my/export?link=gone");
                return;
        }

        http.Response.ContentType = "application/zip";
        http.Response.ContentLength = export!.SizeBytes;
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"{export.FileName}\"";
        http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        await exports.WriteToAsync(export.Id, http.Response.Body, http.RequestAborted);
        // Used once: the bytes are not needed again (the row stays until expiry as the record of the download).
        await exports.DropChunksAsync(export.Id, CancellationToken.None);
    }
}
