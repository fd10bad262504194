using System.Globalization;
using Microsoft.EntityFrameworkCore;
using SecureAiChat.Core.Audit;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Results;
using SecureAiChat.Core.Tenancy;

namespace SecureAiChat.Core.PersonalData;

/// <summary>What an admin submits on the data-protection page.</summary>
public sealed record PersonalDataPolicyInput(IReadOnlyDictionary<PersonalDataCategory, PersonalDataAction> Actions, IReadOnlyList<CustomTerm> CustomTerms);

/// <summary>
/// Reads and saves the personal-data policy of the workspace of the current scope. A save is all or nothing: any
/// invalid custom term (blank, too long, a pattern that does not compile, matches the empty text or runs out of
/// time) is reported as a <see cref="PersonalDataPolicyProblem"/> with its line, and nothing is written.
/// </summary>
public sealed class PersonalDataPolicyService(IDbContextFactory<AppDbContext> contexts, TimeProvider time, IAuditLog audit, TenantSettingsCache cache)
{
    /// <summary>
    /// The policy every message is checked against (read before each answer): kept per workspace until a saved
    /// change, on this instance or another, invalidates it. Shared between scans: the settings are immutable.
    /// </summary>
    public ValueTask<PersonalDataPolicySettings> ForMessagesAsync(string tenantId, CancellationToken cancellationToken = default) =>
        cache.GetAsync(tenantId, GetAsync, cancellationToken);

    /// <summary>The workspace's policy, or the defaults when it never saved one.</summary>
    public async Task<PersonalDataPolicySettings> GetAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await GetAsync(db, cancellationToken);
    }

    /// <summary>The policy of <paramref name="db"/>'s tenant (for callers that already hold a context).</summary>
    public static async Task<PersonalDataPolicySettings> GetAsync(AppDbContext db, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var stored = await db.PersonalDataPolicies.AsNoTracking().SingleOrDefaultAsync(cancellationToken);
        return stored?.ToSettings() ?? PersonalDataPolicySettings.Default;
    }

    /// <summary>The problems of the terms, each with its line (empty when all can be saved).</summary>
    public static List<Problem<PersonalDataPolicyProblem>> Validate(IReadOnlyList<CustomTerm> terms)
    {
        ArgumentNullException.ThrowIfNull(terms);
        var problems = new List<Problem<PersonalDataPolicyProblem>>();
        if (terms.Count > CustomTerm.MaxTermsPerWorkspace)
        {
            problems.Add(new(PersonalDataPolicyProblem.TooMany, CustomTerm.MaxTermsPerWorkspace.ToString(CultureInfo.InvariantCulture)));
        }

        for (var i = 0; i < terms.Count; i++)
        {
            if ((terms[i].Validate() ?? Backtracks(terms[i])) is { } problem)
            {
                problems.Add(new(problem, Shorten(terms[i].Value), i + 1));
            }
        }

        return problems;
    }

    /// <summary>Saves the policy, or refuses with its problems and saves nothing.</summary>
    public async Task<Result<PersonalDataPolicyProblem>> SaveAsync(PersonalDataPolicyInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        // Trimmed, and the same word or pattern once only (words compare as the detector compares them).
        var terms = input.CustomTerms
            .Select(t => t with { Value = t.Value?.Trim() ?? "" })
            .DistinctBy(t => (t.IsPattern, t.IsPattern ? t.Value : t.NormalizedWord))
            .ToList();
        var problems = Validate(terms);
        // The page offers only the allowed actions; a forged circuit message must not get around them either.
        problems.AddRange(input.Actions
            .Where(a => !PersonalDataPolicySettings.AllowedActions(a.Key).Contains(a.Value))
            .Select(a => new Problem<PersonalDataPolicyProblem>(PersonalDataPolicyProblem.ActionNotAllowed, $"{a.Key}/{a.Value}")));
        if (problems.Count > 0)
        {
            return Result<PersonalDataPolicyProblem>.Refused(problems);
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.PersonalDataPolicies.SingleOrDefaultAsync(cancellationToken);
        var before = Snapshot(row?.ToSettings() ?? PersonalDataPolicySettings.Default);
        if (row is null)
        {
            db.PersonalDataPolicies.Add(row = new PersonalDataPolicy());
        }

        var settings = new PersonalDataPolicySettings(input.Actions, terms);
        row.Apply(settings);
        row.UpdatedAt = time.GetUtcNow();
        // The terms themselves are not recorded: a project code name may be exactly what the workspace keeps secret.
        audit.Record(db, AuditActions.DataProtectionChanged, AuditTarget.Workspace(), AuditDetails.Changes(before, Snapshot(settings)));
        await db.SaveChangesAsync(cancellationToken);
        return Result<PersonalDataPolicyProblem>.Ok;
    }

    /// <summary>
    /// How many values of each category were found in the members' messages this calendar month (in the workspace's
    /// time zone), read from the <see cref="AuditActions.PersonalDataDetected"/> entries: counts only, which is all
    /// the audit log holds (never a value).
    /// </summary>
    public async Task<IReadOnlyDictionary<PersonalDataCategory, int>> DetectionsThisMonthAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var zoneId = await db.Tenants.AsNoTracking().Where(t => t.Id == db.CurrentTenantId).Select(t => t.TimeZoneId).SingleOrDefaultAsync(cancellationToken);
        var month = Usage.UsageMonth.For(time.GetUtcNow(), zoneId);
        var details = await db.AuditEntries.AsNoTracking()
            .Where(e => e.Action == AuditActions.PersonalDataDetected && e.OccurredAt >= month.StartUtc && e.OccurredAt < month.EndUtc)
            .Select(e => e.Details)
            .ToListAsync(cancellationToken);
        var counts = new Dictionary<PersonalDataCategory, int>();
        foreach (var json in details)
        {
            foreach (var (category, count) in DetectedCounts(json))
            {
                counts[category] = counts.GetValueOrDefault(category) + count;
            }
        }

        return counts;
    }

    /// <summary>The categories and counts of one detection entry ({"categories":{"MyNumber":{"count":2,…}}}); unknown names are skipped.</summary>
    private static IEnumerable<(PersonalDataCategory, int)> DetectedCounts(string? json)
    {
        if (string.IsNullOrEmpty(json)) yield break;
        using var document = System.Text.Json.JsonDocument.Parse(json);
        if (!document.RootElement.TryGetProperty("categories", out var categories) || categories.ValueKind != System.Text.Json.JsonValueKind.Object) yield break;
        foreach (var property in categories.EnumerateObject())
        {
            if (Enum.TryParse<PersonalDataCategory>(property.Name, out var category)
                && property.Value.ValueKind == System.Text.Json.JsonValueKind.Object
                && property.Value.TryGetProperty("count", out var count) && count.TryGetInt32(out var n))
            {
                yield return (category, n);
            }
        }
    }

    /// <summary>
    /// Patterns with catastrophic backtracking ((a+)+$) compile and ignore the empty text but would stop every
    /// long message at the timeout (and so block it): tried on a few long texts first.
    /// </summary>
    private static PersonalDataPolicyProblem? Backtracks(CustomTerm term)
    {
        if (!term.IsPattern)
        {
            return null;
        }

        var regex = new System.Text.RegularExpressions.Regex(term.Value, CustomTerm.Options, CustomTerm.MatchTimeout);
        try
        {
            foreach (var probe in Probes)
            {
                regex.IsMatch(probe);
            }

            return null;
        }
        catch (System.Text.RegularExpressions.RegexMatchTimeoutException)
        {
            return PersonalDataPolicyProblem.InvalidPattern;
        }
    }

    private static readonly string[] Probes =
    [
        new string('a', 4000) + "!",
        new string('1', 4000) + "x",
        string.Concat(Enumerable.Repeat("あ ", 2000)) + "!",
    ];

    private static string Shorten(string? value) =>
        value is null ? "" : value.Length <= 40 ? value : string.Concat(value.AsSpan(0, 40), "…");

    private static Dictionary<string, string?> Snapshot(PersonalDataPolicySettings s)
    {
        var values = s.Actions.ToDictionary(a => a.Key.ToString(), a => (string?)a.Value.ToString());
        values["CustomTermCount"] = s.CustomTerms.Count.ToString(CultureInfo.InvariantCulture);
        values["CustomTermsHash"] = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(
            System.Text.Encoding.UTF8.GetBytes(string.Join("\n", s.CustomTerms.Select(t => (t.IsPattern ? "re:" : "w:") + t.Value)))))[..12];
        return values;
    }
}
