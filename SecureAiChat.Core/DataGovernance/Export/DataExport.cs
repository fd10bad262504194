using SecureAiChat.Core.Data;

namespace SecureAiChat.Core.DataGovernance.Export;

/// <summary>What an export holds.</summary>
public enum DataExportKind
{
    /// <summary>The whole workspace (Owners only): every member's conversations, members, departments, usage, audit log.</summary>
    Workspace = 0,

    /// <summary>The requester's own conversations only.</summary>
    Member = 1,
}

/// <summary>Where an export is. A download is not a status: <see cref="DataExport.DownloadedAt"/> says it.</summary>
public enum DataExportStatus
{
    /// <summary>Requested; the job has not finished building it.</summary>
    Building = 0,

    /// <summary>Built: its bytes are stored in <see cref="DataExportChunk"/> rows and the link was mailed.</summary>
    Ready = 1,

    /// <summary>The build failed; no bytes are kept. The requester may ask again.</summary>
    Failed = 2,
}

/// <summary>
/// One requested export (ZIP). Its bytes live in the database (<see cref="DataExportChunk"/>), not on one instance's disk,
/// so any instance can serve the download. The link's token is never stored, only its SHA-256; the download claims the row
/// with one conditional UPDATE, so a link works once even when two instances receive it at the same moment.
/// The housekeeping job deletes the row (and, by cascade, its chunks) once <see cref="ExpiresAt"/> has passed.
/// </summary>
public sealed class DataExport : ITenantOwned, IExpiringRow
{
    /// <summary>How long a built export can be downloaded.</summary>
    public static readonly TimeSpan LinkLifetime = TimeSpan.FromHours(24);

    public Guid Id { get; set; } = Guid.CreateVersion7();

    public string TenantId { get; set; } = "";

    public DataExportKind Kind { get; set; }

    public DataExportStatus Status { get; set; }

    /// <summary>Identity user id of who asked; only they can download it.</summary>
    public string RequestedByUserId { get; set; } = "";

    /// <summary>
    /// The requester's id while the export is being built, null otherwise. A unique index on it lets each person have one
    /// export in progress at a time, enforced by the database even when two requests race.
    /// </summary>
    public string? BuildingFor { get; set; }

    /// <summary>UTC.</summary>
    public DateTime RequestedAt { get; set; }

    /// <summary>UTC; when the build ended (ready or failed).</summary>
    public DateTime? CompletedAt { get; set; }

    /// <summary>UTC. While building: a day after the request (a build that never ends is swept); when ready: the link's end.</summary>
    public DateTime ExpiresAt { get; set; }

    /// <summary>Lower-case hex SHA-256 of the link's token; null until the export is ready.</summary>
    public string? TokenHash { get; set; }

    /// <summary>UTC; set once, by the download that claimed the link.</summary>
    public DateTime? DownloadedAt { get; set; }

    /// <summary>The ZIP's size in bytes.</summary>
    public long SizeBytes { get; set; }

    /// <summary>The file name offered on download, e.g. <c>acme-export-20261204-2130.zip</c>.</summary>
    public string FileName { get; set; } = "";

    /// <summary>Why the build failed: the exception's type name only (never content).</summary>
    public string? FailureCode { get; set; }

    public List<DataExportChunk> Chunks { get; set; } = [];
}

/// <summary>One piece (at most <see cref="Size"/> bytes) of an export's ZIP, streamed out in <see cref="Sequence"/> order.</summary>
public sealed class DataExportChunk : ITenantOwned
{
    /// <summary>1 MiB: small enough for any provider's row and for memory, large enough to keep the row count low.</summary>
    public const int Size = 1024 * 1024;

    public Guid Id { get; set; } = Guid.CreateVersion7();

    public string TenantId { get; set; } = "";

    public Guid ExportId { get; set; }

    public int Sequence { get; set; }

    public byte[] Data { get; set; } = [];
}
