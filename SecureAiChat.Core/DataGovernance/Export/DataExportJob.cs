using System.Globalization;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Email;
using SecureAiChat.Core.Security;
using SecureAiChat.Core.Tenancy;

namespace SecureAiChat.Core.DataGovernance.Export;

/// <summary>
/// Builds one requested export (enqueued by <see cref="DataExportService.RequestAsync"/>): writes the ZIP to a temporary
/// file, stores it in ~1 MiB chunk rows, marks the export ready with the hash of a fresh link token and mails the link to
/// the requester. Any failure (mail included) deletes the chunks and marks the export failed, so a ready export is always
/// complete and a failed one holds nothing; the requester may ask again. Running twice builds once (only a building export is built).
/// </summary>
public sealed partial class DataExportJob(TenantScopeFactory scopes, ILogger<DataExportJob> logger)
{
    [AutomaticRetry(Attempts = 0)]
    [JobDisplayName("Data export {1}")]
    public async Task RunAsync(string tenantId, Guid exportId, CancellationToken cancellationToken)
    {
        await using var scope = await scopes.CreateScopeAsync(tenantId, cancellationToken);
        await BuildAsync(scope.ServiceProvider, exportId, cancellationToken);
    }

    /// <summary>The build in a scope already bound to the export's workspace.</summary>
    public async Task BuildAsync(IServiceProvider services, Guid exportId, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<AppDbContext>();
        var time = services.GetRequiredService<TimeProvider>();
        var export = await db.DataExports.SingleOrDefaultAsync(e => e.Id == exportId, cancellationToken);
        if (export is not { Status: DataExportStatus.Building }) return;
        var tenant = await db.Tenants.AsNoTracking().SingleAsync(t => t.Id == db.CurrentTenantId, cancellationToken);
        var requester = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == export.RequestedByUserId, cancellationToken);
        var zone = WorkspaceTime.Zone(tenant.TimeZoneId);
        var culture = CultureInfo.GetCultureInfo(requester?.Culture is { Length: > 0 } c ? c : tenant.DefaultCulture);
        try
        {
            if (requester?.Email is not { Length: > 0 } address) throw new InvalidOperationException("The requester has no mail address.");
            // A retried run may find chunks of an earlier attempt.
            await db.DataExportChunks.Where(x => x.ExportId == exportId).ExecuteDeleteAsync(cancellationToken);
            var now = time.GetUtcNow();
            long size;
            // A local file only while building; the bytes then go to the database, which every instance reads.
            await using (var file = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 64 * 1024,
                             FileOptions.DeleteOnClose | FileOptions.Asynchronous))
            {
                var ui = CultureInfo.CurrentUICulture;
                CultureInfo.CurrentUICulture = culture;
                try
                {
                    await services.GetRequiredService<DataExportBuilder>().WriteAsync(export, tenant.Name, zone, now.UtcDateTime, file, cancellationToken);
                }
                finally
                {
                    CultureInfo.CurrentUICulture = ui;
                }

                size = file.Length;
                file.Position = 0;
                await StoreChunksAsync(db, exportId, file, cancellationToken);
            }

            var token = DataExportService.NewToken();
            var expires = now + DataExport.LinkLifetime;
            export.Status = DataExportStatus.Ready;
            export.BuildingFor = null;
            export.CompletedAt = now.UtcDateTime;
            export.ExpiresAt = expires.UtcDateTime;
            export.TokenHash = LinkToken.Hash(token);
            export.SizeBytes = size;
            export.FileName = string.Create(CultureInfo.InvariantCulture,
                $"{tenant.Identifier}-{(export.Kind == DataExportKind.Workspace ? "workspace" : "my-conversations")}-{TimeZoneInfo.ConvertTime(now, zone):yyyyMMdd-HHmm}.zip");
            await db.SaveChangesAsync(cancellationToken);

            var link = services.GetRequiredService<PublicUrls>().Workspace(tenant.Identifier, DataExportService.DownloadPath(exportId, token));
            await services.GetRequiredService<IEmailSender>().SendAsync(EmailTemplates.DataExportReady(
                new DataExportReadyEmail(address, requester.DisplayName, tenant.Name, export.Kind == DataExportKind.Workspace, link, expires), culture), cancellationToken);
            LogBuilt(logger, exportId, tenantId: tenant.Id, size);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogFailed(logger, ex, exportId, tenant.Id);
            db.ChangeTracker.Clear();
            await db.DataExportChunks.Where(x => x.ExportId == exportId).ExecuteDeleteAsync(CancellationToken.None);
            await db.DataExports.Where(e => e.Id == exportId).ExecuteUpdateAsync(s => s
                .SetProperty(e => e.Status, DataExportStatus.Failed)
                .SetProperty(e => e.BuildingFor, (string?)null)
                .SetProperty(e => e.TokenHash, (string?)null)
                .SetProperty(e => e.CompletedAt, time.GetUtcNow().UtcDateTime)
                .SetProperty(e => e.FailureCode, ex.GetType().Name), CancellationToken.None);
        }
    }

    private static async Task StoreChunksAsync(AppDbContext db, Guid exportId, Stream file, CancellationToken cancellationToken)
    {
        var sequence = 0;
        while (true)
        {
            var buffer = new byte[DataExportChunk.Size];
            var read = await file.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);
            if (read == 0) return;
            db.DataExportChunks.Add(new DataExportChunk { ExportId = exportId, Sequence = sequence++, Data = read == buffer.Length ? buffer : buffer[..read] });
            // One chunk per statement keeps memory and the write lock small; the export is not ready until all are in.
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Entries<DataExportChunk>().ToList().ForEach(e => e.State = EntityState.Detached);
            if (read < buffer.Length) return;
        }
    }

    [LoggerMessage(LogLevel.Information, "Data export {ExportId} of workspace {TenantId} built: {Bytes} bytes")]
    private static partial void LogBuilt(ILogger logger, Guid exportId, string tenantId, long bytes);

    [LoggerMessage(LogLevel.Error, "Data export {ExportId} of workspace {TenantId} failed")]
    private static partial void LogFailed(ILogger logger, Exception exception, Guid exportId, string tenantId);
}
