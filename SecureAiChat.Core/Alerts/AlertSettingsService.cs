using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using SecureAiChat.Core.Audit;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Identity;
using SecureAiChat.Core.Results;
using SecureAiChat.Core.Tenancy;
using SecureAiChat.Core.Usage;

namespace SecureAiChat.Core.Alerts;

/// <summary>A field of <see cref="AlertSettings"/> the settings page refused, and why (the page words it: <c>AlertSettingsError_X</c>).</summary>
public enum AlertSettingsError
{
    FailureRatePercent,
    MinimumAnswers,
    WindowMinutes,
    FirstTokenP95Seconds,
}

/// <summary>The current workspace's alerts: its thresholds (/settings/alerts, Owners and Admins) and its alert history.</summary>
public sealed class AlertSettingsService(IDbContextFactory<AppDbContext> dbs, IMultiTenantContextAccessor<AppTenantInfo> tenant, IAuditLog audit)
{
    /// <summary>How many closed alerts the page lists.</summary>
    public const int RecentShown = 20;

    public static bool MayManage(ClaimsPrincipal user) => user is not null && (user.IsInRole(Roles.Owner) || user.IsInRole(Roles.Admin));

    public async Task<AlertSettings> GetAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        return await AlertSettings.ReadAsync(db, cancellationToken);
    }

    /// <summary>Open alerts first, then the most recent closed ones.</summary>
    public async Task<IReadOnlyList<WorkspaceAlert>> AlertsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        var open = await db.WorkspaceAlerts.AsNoTracking().Where(a => a.ClosedAt == null).ToListAsync(cancellationToken);
        var closed = await db.WorkspaceAlerts.AsNoTracking().Where(a => a.ClosedAt != null)
            .OrderByDescending(a => a.OpenedAt).Take(RecentShown).ToListAsync(cancellationToken);
        return [.. open.OrderByDescending(a => a.OpenedAt), .. closed];
    }

    public static IReadOnlyList<Problem<AlertSettingsError>> Validate(AlertSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var errors = new List<Problem<AlertSettingsError>>();
        if (settings.FailureRatePercent is < 1 or > 100) errors.Add(new(AlertSettingsError.FailureRatePercent));
        if (settings.MinimumAnswers < 1 || settings.MinimumAnswers > AlertSettings.MaxMinimumAnswers) errors.Add(new(AlertSettingsError.MinimumAnswers));
        if (settings.WindowMinutes < AlertSettings.MinWindowMinutes || settings.WindowMinutes > AlertSettings.MaxWindowMinutes) errors.Add(new(AlertSettingsError.WindowMinutes));
        if (settings.FirstTokenP95Seconds < 1 || settings.FirstTokenP95Seconds > AlertSettings.MaxFirstTokenP95Seconds) errors.Add(new(AlertSettingsError.FirstTokenP95Seconds));
        return errors;
    }

    /// <summary>
    /// Saves all thresholds or none: refused input changes nothing. Every changed field is recorded in the audit log in
    /// the same SaveChanges as the rules.
    /// </summary>
    public async Task<Result<AlertSettingsError>> SaveAsync(ClaimsPrincipal user, AlertSettings settings, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (!MayManage(user)) throw new UnauthorizedAccessException("Only Owners and Admins change alert thresholds.");
        var errors = Validate(settings);
        if (errors.Count > 0) return Result<AlertSettingsError>.Refused(errors);

        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        var rules = await db.AlertRules.ToListAsync(cancellationToken);
        var before = AlertSettings.From(rules);
        if (before == settings) return Result<AlertSettingsError>.Ok;

        AlertRule Rule(AlertRuleKind kind)
        {
            var rule = rules.FirstOrDefault(r => r.Kind == kind);
            if (rule is null)
            {
                rule = new AlertRule { Kind = kind };
                rules.Add(rule);
                db.AlertRules.Add(rule);
            }
            return rule;
        }

        var rate = Rule(AlertRuleKind.ProviderErrorRate);
        (rate.Enabled, rate.ThresholdPercent, rate.MinimumCount, rate.WindowMinutes) =
            (settings.FailureRateEnabled, settings.FailureRatePercent, settings.MinimumAnswers, settings.WindowMinutes);
        var slow = Rule(AlertRuleKind.SlowFirstToken);
        (slow.Enabled, slow.ThresholdSeconds, slow.WindowMinutes) = (settings.SlowFirstTokenEnabled, settings.FirstTokenP95Seconds, settings.WindowMinutes);
        Rule(AlertRuleKind.KeyRejected).Enabled = settings.KeyRejectedEnabled;
        Rule(AlertRuleKind.BudgetThreshold).Enabled = settings.BudgetEnabled;
        var allowance = rules.Where(r => r.Kind == AlertRuleKind.SystemAllowanceUsage).ToList();
        if (allowance.Count == 0 && !settings.AllowanceEnabled)
        {
            // A workspace provisioned before the rules existed: store the defaults, switched off.
            foreach (var rule in Provisioning.ProvisioningSteps.DefaultAlertRules().Where(r => r.Kind == AlertRuleKind.SystemAllowanceUsage))
            {
                allowance.Add(rule);
                db.AlertRules.Add(rule);
            }
        }
        foreach (var rule in allowance) rule.Enabled = settings.AllowanceEnabled;

        audit.Record(db, AuditActions.AlertSettingsChanged, AuditTarget.Workspace(tenant.MultiTenantContext.TenantInfo?.Identifier), Changes(before, settings));
        await db.SaveChangesAsync(cancellationToken);
        return Result<AlertSettingsError>.Ok;
    }

    /// <summary>Each changed field as <c>{ field: { from, to } }</c> (no secrets: thresholds only).</summary>
    private static Dictionary<string, object> Changes(AlertSettings before, AlertSettings after)
    {
        var changes = new Dictionary<string, object>();
        foreach (var property in typeof(AlertSettings).GetProperties(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance))
        {
            var (from, to) = (property.GetValue(before), property.GetValue(after));
            if (!Equals(from, to)) changes[char.ToLowerInvariant(property.Name[0]) + property.Name[1..]] = new { from, to };
        }
        return changes;
    }
}
