using Microsoft.EntityFrameworkCore;
using SecureAiChat.Core.Data;

namespace SecureAiChat.Core.Billing;

/// <summary>Gapless numbers per series, handed out inside the caller's transaction.</summary>
public static class DocumentNumbers
{
    public static string InvoiceSeries(string registrationNumber) => "invoice:" + registrationNumber;

    public static string QuoteSeries(string registrationNumber) => "quote:" + registrationNumber;

    /// <summary>
    /// The next number of <paramref name="series"/>. Must run inside a transaction that also saves the document, as its
    /// first write: the conditional update locks the series row (PostgreSQL, SQL Server) or takes SQLite's write lock,
    /// so a concurrent issuer waits for the commit and then counts on from it; a rollback returns the number.
    /// The first number of a new series inserts the row; two first issuers at once collide on its key and the loser's
    /// transaction fails (the caller retries it).
    /// </summary>
    public static async Task<long> NextAsync(AppDbContext db, string series, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (db.Database.CurrentTransaction is null) throw new InvalidOperationException("Numbers are handed out inside the transaction that saves the document.");
        var bumped = await db.DocumentNumberSequences.Where(s => s.Series == series)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.Last, x => x.Last + 1), cancellationToken);
        if (bumped == 0)
        {
            var first = new DocumentNumberSequence { Series = series, Last = 1 };
            db.DocumentNumberSequences.Add(first);
            await db.SaveChangesAsync(cancellationToken);
            db.Entry(first).State = EntityState.Detached;
            return 1;
        }
        return await db.DocumentNumberSequences.Where(s => s.Series == series).Select(s => s.Last).SingleAsync(cancellationToken);
    }
}
