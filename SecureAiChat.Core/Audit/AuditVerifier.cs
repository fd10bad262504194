using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using SecureAiChat.Core.Data;

namespace SecureAiChat.Core.Audit;

/// <summary>The result of verifying one chain. <see cref="FirstBrokenSequence"/> is null when the chain is intact.</summary>
public sealed record AuditVerification(string ChainKey, long EntriesChecked, long LastSequence, string LastHash, long? FirstBrokenSequence, string? Problem)
{
    public bool Intact => FirstBrokenSequence is null;
}

/// <summary>
/// Verifies a chain by streaming its entries in sequence order (never the whole chain in memory): no gaps from the
/// purge checkpoint on, every previous hash links to the entry before, every HMAC recomputes with the chain's key,
/// the last entry matches the head (so a truncated tail is caught), and the daily hashes kept by the verification
/// job still match (so a truncation that also rewrote the head is caught back to the last stored day).
/// </summary>
public sealed class AuditVerifier(AuditChainKeys keys)
{
    /// <summary>Verifies <paramref name="chainKey"/> reading through <paramref name="db"/> (any tenant scope: filters are bypassed by chain).</summary>
    public async Task<AuditVerification> VerifyAsync(AppDbContext db, string chainKey, CancellationToken cancellationToken = default)
    {
        var head = await db.AuditChainHeads.AsNoTracking().SingleOrDefaultAsync(h => h.ChainKey == chainKey, cancellationToken);
        var entries = Entries(db, chainKey, head?.CheckpointSequence ?? 0);
        if (head is null)
        {
            await using var any = entries.GetAsyncEnumerator(cancellationToken);
            return await any.MoveNextAsync()
                ? Broken(chainKey, 0, any.Current.Sequence, "head-missing")
                : new AuditVerification(chainKey, 0, 0, AuditHasher.Genesis, null, null);
        }

        byte[] key;
        try
        {
            key = keys.Unprotect(chainKey, head.ProtectedKey);
        }
        catch (Exception e) when (e is CryptographicException or FormatException)
        {
            return Broken(chainKey, 0, head.CheckpointSequence + 1, "key-unreadable");
        }
        if (!FixedTimeEquals(AuditHasher.Checkpoint(key, chainKey, head.CheckpointSequence, head.CheckpointHash), head.CheckpointMac))
            return Broken(chainKey, 0, head.CheckpointSequence + 1, "checkpoint");

        var daily = await db.AuditDailyHashes.AsNoTracking()
            .Where(d => d.ChainKey == chainKey && d.Sequence > head.CheckpointSequence)
            .Select(d => new { d.Sequence, d.Hash }).ToListAsync(cancellationToken);
        var dailyBySequence = daily.GroupBy(d => d.Sequence).ToDictionary(g => g.Key, g => g.Select(d => d.Hash).ToHashSet(StringComparer.Ordinal));

        var expected = head.CheckpointSequence + 1;
        var previous = head.CheckpointHash;
        long checkedCount = 0;
        await foreach (var entry in entries.WithCancellation(cancellationToken))
        {
            if (entry.Sequence != expected) return Broken(chainKey, checkedCount, expected, "gap");
            if (!string.Equals(entry.PreviousHash, previous, StringComparison.Ordinal)) return Broken(chainKey, checkedCount, expected, "link");
            if (!FixedTimeEquals(AuditHasher.Compute(key, entry), entry.Hash)) return Broken(chainKey, checkedCount, expected, "hash");
            if (dailyBySequence.TryGetValue(entry.Sequence, out var stored) && !stored.All(h => h == entry.Hash))
                return Broken(chainKey, checkedCount, expected, "daily-hash");
            previous = entry.Hash;
            expected++;
            checkedCount++;
        }

        var last = expected - 1;
        if (last != head.Sequence || !string.Equals(previous, head.LastHash, StringComparison.Ordinal))
            return Broken(chainKey, checkedCount, expected, "truncated");
        if (daily.Count > 0 && daily.Max(d => d.Sequence) > last)
            return Broken(chainKey, checkedCount, expected, "truncated");
        return new AuditVerification(chainKey, checkedCount, last, previous, null, null);
    }

    /// <summary>Every chain that has a head, platform first.</summary>
    public static async Task<IReadOnlyList<string>> ChainKeysAsync(AppDbContext db, CancellationToken cancellationToken = default)
    {
        var chains = await db.AuditChainHeads.AsNoTracking().Select(h => h.ChainKey).ToListAsync(cancellationToken);
        return chains.OrderBy(c => c == AuditChains.Platform ? 0 : 1).ThenBy(c => c, StringComparer.Ordinal).ToList();
    }

    private static IAsyncEnumerable<AuditRecord> Entries(AppDbContext db, string chainKey, long after)
    {
        if (AuditChains.TenantOf(chainKey) is { } tenantId)
        {
            return db.AuditEntries.IgnoreQueryFilters([TenantFilter.Name]).AsNoTracking()
                .Where(e => e.TenantId == tenantId && e.Sequence > after).OrderBy(e => e.Sequence).AsAsyncEnumerable();
        }
        return db.PlatformAuditEntries.AsNoTracking().Where(e => e.Sequence > after).OrderBy(e => e.Sequence).AsAsyncEnumerable();
    }

    private static AuditVerification Broken(string chainKey, long checkedCount, long sequence, string problem) =>
        new(chainKey, checkedCount, sequence - 1, "", sequence, problem);

    private static bool FixedTimeEquals(string a, string b) =>
        a.Length == b.Length && CryptographicOperations.FixedTimeEquals(System.Text.Encoding.ASCII.GetBytes(a), System.Text.Encoding.ASCII.GetBytes(b));
}
