using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using SecureAiChat.Core.Audit;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Results;
using SecureAiChat.Core.Identity;
using SecureAiChat.Core.Security;

namespace SecureAiChat.Core.DataGovernance.Export;

/// <summary>An export as its requester's list shows it.</summary>
public sealed record DataExportView(
    Guid Id, DataExportKind Kind, DataExportStatus Status, DateTime RequestedAt, DateTime? CompletedAt, DateTime ExpiresAt, DateTime? DownloadedAt, long SizeBytes)
{
    public bool IsDownloadable(DateTimeOffset now) => Status == DataExportStatus.Ready && DownloadedAt is null && ExpiresAt > now.UtcDateTime;
}

/// <summary>Why an export request was refused (nothing was saved); the page words it, resource key <c>DataExportProblem_{Code}</c>.</summary>
public enum DataExportProblem
{
    NotSignedIn,
    NotAllowed,
    InProgress,
}

/// <summary>What a download attempt found.</summary>
public enum DataExportClaim
{
    /// <summary>No such export in this workspace, not the signed-in person's, or a wrong token: told apart from nothing.</summary>
    NotFound,

    /// <summary>The right link, but already used, expired, or not (or no longer) ready.</summary>
    Gone,

    /// <summary>This request won the link: stream the bytes.</summary>
    Claimed,
}

/// <summary>
/// Requests, lists and hands out the exports of the workspace of the current scope. Owners request the whole workspace;
/// anyone signed in requests their own conversations. The request and the download are audited in the same transaction
/// as their change; the build runs in <see cref="DataExportJob"/>.
/// </summary>
public sealed class DataExportService(IDbContextFactory<AppDbContext> contexts, IBackgroundJobClient jobs, TimeProvider time, IAuditLog audit)
{
    /// <summary>How many of a person's exports the list shows.</summary>
    public const int ListSize = 10;

    public static bool MayExportWorkspace(ClaimsPrincipal user) => user is not null && user.IsInRole(Roles.Owner);

    /// <summary>Asks for an export of <paramref name="kind"/>; refuses a second one while one of the same person is still building.</summary>
    public async Task<Result<Guid, DataExportProblem>> RequestAsync(ClaimsPrincipal user, DataExportKind kind, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (user.FindFirstValue(ClaimTypes.NameIdentifier) is not { Length: > 0 } userId) return DataExportProblem.NotSignedIn;
        if (kind == DataExportKind.Workspace && !MayExportWorkspace(user)) return DataExportProblem.NotAllowed;

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await db.DataExports.AnyAsync(e => e.BuildingFor == userId, cancellationToken)) return DataExportProblem.InProgress;

        var now = time.GetUtcNow().UtcDateTime;
        var export = new DataExport
        {
            Kind = kind,
            Status = DataExportStatus.Building,
            RequestedByUserId = userId,
            BuildingFor = userId,
            RequestedAt = now,
            // A build that never ends (the job lost for good) is swept like an unused link.
            ExpiresAt = now + DataExport.LinkLifetime,
            FileName = "",
        };
        db.DataExports.Add(export);
        audit.Record(db, AuditActions.DataExportRequested, Target(export), new { kind = kind.ToString() });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Two requests raced; the unique index let only the other one in.
            if (await StillBuildingAsync(userId, cancellationToken)) return DataExportProblem.InProgress;
            throw;
        }

        var tenantId = db.CurrentTenantId!;
        jobs.Enqueue<DataExportJob>(j => j.RunAsync(tenantId, export.Id, CancellationToken.None));
        return export.Id;
    }

    /// <summary>The newest exports of <paramref name="userId"/>, newest first.</summary>
    public async Task<IReadOnlyList<DataExportView>> ListAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.DataExports.AsNoTracking().Where(e => e.RequestedByUserId == userId)
            .Select(e => new DataExportView(e.Id, e.Kind, e.Status, e.RequestedAt, e.CompletedAt, e.ExpiresAt, e.DownloadedAt, e.SizeBytes))
            .ToListAsync(cancellationToken);
        return [.. rows.OrderByDescending(e => e.RequestedAt).Take(ListSize)];
    }

    /// <summary>
    /// Claims the link for <paramref name="userId"/>: one conditional UPDATE (not downloaded, not expired, ready), so of two
    /// requests on any instances exactly one wins. The download is audited in the same transaction as the claim.
    /// </summary>
    public async Task<(DataExportClaim Claim, DataExport? Export)> ClaimAsync(Guid id, string? token, string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var export = await db.DataExports.AsNoTracking().SingleOrDefaultAsync(e => e.Id == id, cancellationToken);
        if (export is null || export.RequestedByUserId != userId || string.IsNullOrEmpty(token) || export.TokenHash is not { } stored
            || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(LinkToken.Hash(token)), Encoding.ASCII.GetBytes(stored)))
        {
            return (DataExportClaim.NotFound, null);
        }

        var now = time.GetUtcNow().UtcDateTime;
        var claimed = await db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var rows = await db.DataExports
                .Where(e => e.Id == id && e.Status == DataExportStatus.Ready && e.DownloadedAt == null && e.ExpiresAt > now)
                .ExecuteUpdateAsync(s => s.SetProperty(e => e.DownloadedAt, now), ct);
            if (rows == 0) return false;
            audit.Record(db, AuditActions.DataExportDownloaded, Target(export), new { kind = export.Kind.ToString(), bytes = export.SizeBytes });
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return true;
        }, cancellationToken);
        return claimed ? (DataExportClaim.Claimed, export) : (DataExportClaim.Gone, null);
    }

    /// <summary>Writes the export's bytes to <paramref name="output"/> a chunk at a time (one chunk in memory at once).</summary>
    public async Task WriteToAsync(Guid id, Stream output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await foreach (var data in db.DataExportChunks.AsNoTracking().Where(c => c.ExportId == id).OrderBy(c => c.Sequence).Select(c => c.Data)
                           .AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            await output.WriteAsync(data, cancellationToken);
        }
    }

    /// <summary>Deletes the bytes of a downloaded export (the link cannot be used again, so they are never read again).</summary>
    public async Task DropChunksAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.DataExportChunks.Where(c => c.ExportId == id).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>A new link token: 256 random bits, URL-safe.</summary>
    public static string NewToken() => LinkToken.New(32);

    /// <summary>The download path of an export (the token goes in the query string).</summary>
    public static string DownloadPath(Guid id, string token) => $"/exports/{id:D}/download?token={Uri.EscapeDataString(token)}";

    internal static AuditTarget Target(DataExport export) =>
        new("data-export", export.Id.ToString("D"), export.Kind == DataExportKind.Workspace ? "workspace" : "member");

    private async Task<bool> StillBuildingAsync(string userId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.DataExports.AnyAsync(e => e.BuildingFor == userId, cancellationToken);
    }
}
