using Microsoft.EntityFrameworkCore;
using SecureAiChat.Core.Data;

namespace SecureAiChat.Core.Audit;

/// <summary>
/// What the viewer and the export filter on. Dates are calendar days in the workspace's zone, both inclusive;
/// text filters match part of the name/display or the exact id.
/// </summary>
public sealed record AuditFilter
{
    public DateOnly? From { get; init; }
    public DateOnly? To { get; init; }
    public string? Actor { get; init; }

    /// <summary>One of <see cref="AuditActions.Categories"/>.</summary>
    public string? Category { get; init; }

    public string? Target { get; init; }
    public AuditOutcome? Outcome { get; init; }
    public string? ClientAddress { get; init; }

    public static AuditFilter None { get; } = new();
}

/// <summary>One page of entries, newest first; <see cref="NextBefore"/> is the cursor of the next (older) page.</summary>
public sealed record AuditPage<T>(IReadOnlyList<T> Entries, long? NextBefore) where T : AuditRecord;

/// <summary>
/// Reads a chain for the viewer and the export. Works on <see cref="AuditEntry"/> (the tenant's chain: the context's
/// tenant filter keeps other workspaces out) and <see cref="PlatformAuditEntry"/> alike. Paging is keyset on the
/// sequence (newest first), so the first page costs the same with a million entries as with ten.
/// </summary>
public static class AuditLogQuery
{
    public const int MaxPageSize = 200;

    /// <summary>The filtered entries, newest first, untracked.</summary>
    public static IQueryable<T> Filtered<T>(AppDbContext db, AuditFilter filter, TimeZoneInfo zone) where T : AuditRecord
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(filter);
        IQueryable<T> query = db.Set<T>().AsNoTracking();
        if (filter.From is { } from)
        {
            var start = StartOfDayUtc(from, zone);
            query = query.Where(e => e.OccurredAt >= start);
        }
        if (filter.To is { } to)
        {
            var end = StartOfDayUtc(to.AddDays(1), zone);
            query = query.Where(e => e.OccurredAt < end);
        }
        if (Clean(filter.Actor) is { } actor)
            query = query.Where(e => e.ActorId == actor || (e.ActorName != null && e.ActorName.Contains(actor)));
        if (Clean(filter.Category) is { } category)
        {
            var prefix = category + ".";
            query = query.Where(e => e.Action.StartsWith(prefix));
        }
        if (Clean(filter.Target) is { } target)
            query = query.Where(e => e.TargetId == target || e.TargetType == target || (e.TargetDisplay != null && e.TargetDisplay.Contains(target)));
        if (filter.Outcome is { } outcome)
            query = query.Where(e => e.Outcome == outcome);
        if (Clean(filter.ClientAddress) is { } address)
            query = query.Where(e => e.ClientAddress != null && e.ClientAddress.StartsWith(address));
        return query.OrderByDescending(e => e.Sequence);
    }

    /// <summary>Up to <paramref name="size"/> entries older than <paramref name="before"/> (the newest when null).</summary>
    public static async Task<AuditPage<T>> PageAsync<T>(AppDbContext db, AuditFilter filter, TimeZoneInfo zone, long? before, int size,
        CancellationToken cancellationToken = default) where T : AuditRecord
    {
        size = Math.Clamp(size, 1, MaxPageSize);
        var query = Filtered<T>(db, filter, zone);
        if (before is { } cursor) query = query.Where(e => e.Sequence < cursor);
        // One extra row tells whether an older page exists without a count over the whole chain.
        var rows = await query.Take(size + 1).ToListAsync(cancellationToken);
        return rows.Count > size ? new AuditPage<T>(rows[..size], rows[size - 1].Sequence) : new AuditPage<T>(rows, null);
    }

    /// <summary>Every filtered entry, newest first, streamed row by row (the export never holds the chain in memory).</summary>
    public static IAsyncEnumerable<T> StreamAsync<T>(AppDbContext db, AuditFilter filter, TimeZoneInfo zone) where T : AuditRecord =>
        Filtered<T>(db, filter, zone).AsAsyncEnumerable();

    /// <summary>The entry at <paramref name="sequence"/>, or null (also for another workspace's chain).</summary>
    public static Task<T?> FindAsync<T>(AppDbContext db, long sequence, CancellationToken cancellationToken = default) where T : AuditRecord =>
        db.Set<T>().AsNoTracking().SingleOrDefaultAsync(e => e.Sequence == sequence, cancellationToken);

    private static DateTime StartOfDayUtc(DateOnly day, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(day.ToDateTime(TimeOnly.MinValue), DateTimeKind.Unspecified), zone);

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
