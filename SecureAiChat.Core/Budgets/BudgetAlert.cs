using SecureAiChat.Core.Data;

namespace SecureAiChat.Core.Budgets;

/// <summary>
/// One alert threshold (50, 80 or 100%) that was notified for one budget's subject in one period. Unique on
/// (tenant, budget, subject, period, threshold): the row is inserted before the mail goes out, so of any number of
/// instances or job runs exactly one inserts it and sends; the others hit the unique index and send nothing.
/// </summary>
public sealed class BudgetAlert : ITenantOwned
{
    /// <summary>The thresholds, in percent of the period's limit (grants included).</summary>
    public static readonly IReadOnlyList<int> Thresholds = [50, 80, 100];

    public Guid Id { get; set; } = Guid.CreateVersion7();

    public string TenantId { get; set; } = "";

    public Guid BudgetId { get; set; }

    /// <summary>The member of a member-level ledger; empty otherwise (as <see cref="BudgetLedger.Subject"/>).</summary>
    public string Subject { get; set; } = "";

    /// <summary>The period, as <see cref="BudgetLedger.PeriodKey"/> (its key names its start).</summary>
    public string PeriodKey { get; set; } = "";

    public int Threshold { get; set; }

    public DateTimeOffset SentAt { get; set; } = DateTimeOffset.UtcNow;
}
