namespace SecureAiChat.Core.Audit;

/// <summary>Shapes of entry details that several call sites share.</summary>
public static class AuditDetails
{
    /// <summary>A changed value: what it was and what it became.</summary>
    public sealed record Change(string? From, string? To);

    /// <summary>The settings whose value differs between two snapshots, as <c>{ "Setting": { "from": ..., "to": ... } }</c>.</summary>
    public static IReadOnlyDictionary<string, Change> Changes(IReadOnlyDictionary<string, string?> before, IReadOnlyDictionary<string, string?> after) =>
        after.Where(a => !before.TryGetValue(a.Key, out var old) || old != a.Value)
            .ToDictionary(a => a.Key, a => new Change(before.GetValueOrDefault(a.Key), a.Value), StringComparer.Ordinal);
}
