using Microsoft.EntityFrameworkCore;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Usage;

namespace SecureAiChat.Core.Alerts;

/// <summary>
/// A workspace's alert thresholds as one value, read from its <see cref="AlertRule"/> rows (provisioning creates the
/// allowance and error-rate rows; a missing rule means the default below, so older workspaces are monitored too).
/// </summary>
public sealed record AlertSettings(
    bool FailureRateEnabled,
    int FailureRatePercent,
    int MinimumAnswers,
    int WindowMinutes,
    bool SlowFirstTokenEnabled,
    int FirstTokenP95Seconds,
    bool KeyRejectedEnabled,
    bool AllowanceEnabled,
    bool BudgetEnabled)
{
    public const int DefaultFailureRatePercent = 20;
    public const int DefaultMinimumAnswers = 5;
    public const int DefaultWindowMinutes = 15;
    public const int DefaultFirstTokenP95Seconds = 10;

    /// <summary>The bounds the settings page enforces (and the job assumes).</summary>
    public const int MaxMinimumAnswers = 1_000;
    public const int MinWindowMinutes = 5;
    public const int MaxWindowMinutes = 1_440;
    public const int MaxFirstTokenP95Seconds = 300;

    public static AlertSettings Defaults { get; } = new(true, DefaultFailureRatePercent, DefaultMinimumAnswers, DefaultWindowMinutes,
        true, DefaultFirstTokenP95Seconds, true, true, true);

    /// <summary>The current workspace's settings (the context's tenant filter picks its rules).</summary>
    public static async Task<AlertSettings> ReadAsync(AppDbContext db, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var rules = await db.AlertRules.AsNoTracking().ToListAsync(cancellationToken);
        return From(rules);
    }

    public static AlertSettings From(IReadOnlyCollection<AlertRule> rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var d = Defaults;
        var rate = rules.FirstOrDefault(r => r.Kind == AlertRuleKind.ProviderErrorRate);
        var slow = rules.FirstOrDefault(r => r.Kind == AlertRuleKind.SlowFirstToken);
        var key = rules.FirstOrDefault(r => r.Kind == AlertRuleKind.KeyRejected);
        var budget = rules.FirstOrDefault(r => r.Kind == AlertRuleKind.BudgetThreshold);
        var allowance = rules.Where(r => r.Kind == AlertRuleKind.SystemAllowanceUsage).ToList();
        return new AlertSettings(
            rate?.Enabled ?? d.FailureRateEnabled,
            rate?.ThresholdPercent is > 0 and <= 100 ? rate.ThresholdPercent : d.FailureRatePercent,
            rate?.MinimumCount ?? d.MinimumAnswers,
            rate?.WindowMinutes ?? d.WindowMinutes,
            slow?.Enabled ?? d.SlowFirstTokenEnabled,
            slow?.ThresholdSeconds ?? d.FirstTokenP95Seconds,
            key?.Enabled ?? d.KeyRejectedEnabled,
            allowance.Count == 0 ? d.AllowanceEnabled : allowance.Any(r => r.Enabled),
            budget?.Enabled ?? d.BudgetEnabled);
    }
}
