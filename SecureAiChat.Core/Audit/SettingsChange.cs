using SecureAiChat.Core.Data;

namespace SecureAiChat.Core.Audit;

/// <summary>One changed setting: who changed what from which value to which, and when (read later by the audit log).</summary>
public sealed class SettingsChange : ITenantOwned
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public string TenantId { get; set; } = "";

    /// <summary>The settings area, e.g. "security" or "team".</summary>
    public string Area { get; set; } = "";

    /// <summary>The setting's stable key, e.g. "IdleTimeoutMinutes".</summary>
    public string Setting { get; set; } = "";

    public string? OldValue { get; set; }

    public string? NewValue { get; set; }

    public string ChangedByUserId { get; set; } = "";

    /// <summary>The changer's email at the time (kept if the account is renamed).</summary>
    public string ChangedByEmail { get; set; } = "";

    public DateTimeOffset ChangedAt { get; set; }

    /// <summary>Change rows for every setting whose value differs between <paramref name="before"/> and <paramref name="after"/>.</summary>
    public static IEnumerable<SettingsChange> Diff(string area, IReadOnlyDictionary<string, string?> before, IReadOnlyDictionary<string, string?> after,
        string userId, string email, DateTimeOffset at) =>
        after.Where(a => !before.TryGetValue(a.Key, out var old) || old != a.Value)
            .Select(a => new SettingsChange
            {
                Area = area, Setting = a.Key, OldValue = before.GetValueOrDefault(a.Key), NewValue = a.Value,
                ChangedByUserId = userId, ChangedByEmail = email, ChangedAt = at,
            });
}
