using SecureAiChat.Core.Data;
using SecureAiChat.Core.Settings;

namespace SecureAiChat.Core.Usage;

/// <summary>
/// The figures one rollup bucket adds up, per model × provider option (the daily buckets also per member × department).
/// Always the exact sums of the bucket's raw <see cref="UsageRecord"/>s: the rollup job rebuilds whole buckets, never adds to them.
/// Every reader reads by workspace and hour or day, through the (TenantId, bucket) index: no separate TenantId index.
/// </summary>
public abstract class UsageRollupFigures : ITenantLeadingIndexes
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public string TenantId { get; set; } = "";

    public string Model { get; set; } = "";

    public ProviderKind Provider { get; set; }

    public AiProviderChoice Source { get; set; }

    /// <summary>Answers of any outcome (completed, stopped, failed).</summary>
    public int Answers { get; set; }

    public int Failures { get; set; }

    public long InputTokens { get; set; }

    public long OutputTokens { get; set; }

    /// <summary>Estimated cost in JPY from the price table when the bucket was rebuilt; null when the model has no price.</summary>
    public decimal? CostYen { get; set; }

    /// <summary>Sum of the answers' time to first token (ms), over <see cref="TimeToFirstTokenCount"/> answers that had one.</summary>
    public long TimeToFirstTokenSumMs { get; set; }

    public int TimeToFirstTokenCount { get; set; }
}

/// <summary>
/// One UTC hour of usage per model × provider option, without the member and department: its one reader, the operators'
/// 24-hour failure rate, sums over the workspace, and at member grain the table held almost one row per usage record
/// (the from-scratch rollup wrote as many rows as it read). Figures per member are read from the daily rollup.
/// </summary>
public sealed class UsageHourlyRollup : UsageRollupFigures
{
    /// <summary>Start of the hour, UTC.</summary>
    public DateTime HourStartUtc { get; set; }
}

/// <summary>One day of usage, the day as the workspace's time zone reads it (Asia/Tokyo by default).</summary>
public sealed class UsageDailyRollup : UsageRollupFigures, IDepartmentDay
{
    public DateOnly Day { get; set; }

    public string UserId { get; set; } = "";

    /// <summary>The department recorded with the usage (at the time of use); null: no department.</summary>
    public Guid? DepartmentId { get; set; }
}

/// <summary>
/// The workspace's rollup watermark: usage records created before <see cref="WatermarkUtc"/> are in the rollups.
/// The row is also the lock of a run: each run updates it first inside its transaction, so two runs queue in the database.
/// </summary>
public sealed class UsageRollupState : ITenantOwned
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public string TenantId { get; set; } = "";

    /// <summary>UTC.</summary>
    public DateTime WatermarkUtc { get; set; }

    /// <summary>When a run last took the row (UTC); written first so the row is locked for the run's transaction.</summary>
    public DateTime? LastRunUtc { get; set; }

    /// <summary>
    /// Counts the runs that took the row (rollup, reconciliation): it moves whenever the rollups may have changed, so the
    /// analytics page keys what it caches of the rollups' whole history by it, the same on every instance.
    /// </summary>
    public long Version { get; set; }
}
