using System.Buffers;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using SecureAiChat.Core.Audit;

namespace SecureAiChat.Tests.Unit.Audit;

/// <summary>
/// Pins the canonical form of an entry and its HMAC to known values. Every chain ever written depends on these bytes:
/// the writer seals with them and the verifier (which hashes SQLite's UTF-8 text as read, without decoding it into
/// strings) must rebuild them exactly. A change here breaks every existing chain; a new form needs a new version.
/// </summary>
public sealed class AuditCanonicalFormTests
{
    private static readonly byte[] Key = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();

    /// <summary>Every kind of text the JSON writer treats apart: Japanese, an emoji, HTML-sensitive characters, quotes, control characters, nulls.</summary>
    internal static AuditEntry KnownEntry() => new()
    {
        TenantId = "acme-0001",
        Sequence = 42,
        OccurredAt = new DateTime(2026, 12, 5, 1, 2, 3, 456, DateTimeKind.Utc),
        ActorKind = AuditActorKind.User,
        ActorId = "user-1",
        ActorName = "山田 太郎",
        ActorRole = "Owner",
        Action = AuditActions.RoleChanged,
        TargetType = "user",
        TargetId = "u-2",
        TargetDisplay = "<b>\"Tom\" & 'Jerry'</b> + `😀` ＡＢＣ",
        Outcome = AuditOutcome.Denied,
        ClientAddress = "203.0.113.7",
        UserAgent = null,
        Details = "{\"from\":\"Member\",\"to\":\"Admin\",\"note\":\"tab\\t\\u0001 \\\\ 改行\"}\n\t\u0001\u007f",
        PreviousHash = new string('a', 64),
    };

    /// <summary>The HMAC the writer gave this entry before the verifier read SQLite's bytes (computed with the code of 860cef7).</summary>
    private const string KnownHash = "9e4df730bb696fc3b4c17227fdfa2ff406e5c6b3dd3a69de4a621c96d5abc80e";

    /// <summary>The canonical form of <see cref="KnownEntry"/>: System.Text.Json's default escaping (every non-ASCII character and the HTML-sensitive ones as \uXXXX).</summary>
    private const string KnownCanonical = """
        [1,"t:acme-0001",42,639320293234560000,"User","user-1","\u5C71\u7530 \u592A\u90CE","Owner","team.member.role_changed","user","u-2","\u003Cb\u003E\u0022Tom\u0022 \u0026 \u0027Jerry\u0027\u003C/b\u003E \u002B \u0060\uD83D\uDE00\u0060 \uFF21\uFF22\uFF23","Denied","203.0.113.7",null,"{\u0022from\u0022:\u0022Member\u0022,\u0022to\u0022:\u0022Admin\u0022,\u0022note\u0022:\u0022tab\\t\\u0001 \\\\ \u6539\u884C\u0022}\n\t\u0001\u007F","aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"]
        """;

    [Fact]
    public void A_known_entry_hashes_to_its_known_value()
    {
        Assert.Equal(KnownHash, AuditHasher.Compute(Key, KnownEntry()));
    }

    [Fact]
    public void A_known_entry_has_its_known_canonical_form()
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, AuditCanonicalForm.WriterOptions))
        {
            var fields = new AuditCanonicalForm.RecordFields(KnownEntry());
            AuditCanonicalForm.Write(writer, ref fields);
        }
        Assert.Equal(KnownCanonical, Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    [Fact]
    public async Task The_SQLite_reader_hashes_the_stored_UTF8_bytes_to_the_same_canonical_form_and_hash()
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        var entry = KnownEntry();
        entry.Hash = KnownHash;
        using (var create = connection.CreateCommand())
        {
            // The columns in the verifier's order; the date as the provider stores a DateTime (text).
            create.CommandText = """
                CREATE TABLE e (TenantId TEXT, Sequence INTEGER, OccurredAt TEXT, ActorKind TEXT, ActorId TEXT, ActorName TEXT, ActorRole TEXT,
                    Action TEXT, TargetType TEXT, TargetId TEXT, TargetDisplay TEXT, Outcome TEXT, ClientAddress TEXT, UserAgent TEXT, Details TEXT,
                    PreviousHash TEXT, Hash TEXT);
                INSERT INTO e VALUES (@tenant, @sequence, @at, @kind, @actorId, @actorName, @actorRole, @action, @targetType, @targetId, @targetDisplay,
                    @outcome, @address, @agent, @details, @previous, @hash);
                """;
            create.Parameters.AddWithValue("@tenant", entry.TenantId);
            create.Parameters.AddWithValue("@sequence", entry.Sequence);
            create.Parameters.AddWithValue("@at", entry.OccurredAt);
            create.Parameters.AddWithValue("@kind", entry.ActorKind.ToString());
            create.Parameters.AddWithValue("@actorId", entry.ActorId);
            create.Parameters.AddWithValue("@actorName", entry.ActorName);
            create.Parameters.AddWithValue("@actorRole", entry.ActorRole);
            create.Parameters.AddWithValue("@action", entry.Action);
            create.Parameters.AddWithValue("@targetType", entry.TargetType);
            create.Parameters.AddWithValue("@targetId", entry.TargetId);
            create.Parameters.AddWithValue("@targetDisplay", entry.TargetDisplay);
            create.Parameters.AddWithValue("@outcome", entry.Outcome.ToString());
            create.Parameters.AddWithValue("@address", entry.ClientAddress);
            create.Parameters.AddWithValue("@agent", DBNull.Value);
            create.Parameters.AddWithValue("@details", entry.Details);
            create.Parameters.AddWithValue("@previous", entry.PreviousHash);
            create.Parameters.AddWithValue("@hash", entry.Hash);
            create.ExecuteNonQuery();
        }
        const string sql = """
            SELECT Sequence, OccurredAt, ActorKind, ActorId, ActorName, ActorRole, Action, TargetType, TargetId, TargetDisplay, Outcome,
                ClientAddress, UserAgent, Details, PreviousHash, Hash FROM e WHERE Sequence > @after AND Sequence <= @upTo AND TenantId = @tenant ORDER BY Sequence
            """;
        await using var rows = new SqliteChainRows(connection, sql, entry.ChainKey, 0, long.MaxValue, entry.TenantId, CancellationToken.None);
        Assert.True(await rows.MoveNextAsync());
        Assert.True(rows.Valid);
        Assert.Equal(42, rows.Sequence);
        var batch = new CanonicalBatch();
        using var writer = new Utf8JsonWriter(Stream.Null, AuditCanonicalForm.WriterOptions);
        Assert.True(batch.Add(rows, writer));
        using var hmac = new AuditHmac(Key);
        Assert.Null(batch.FirstMismatch(hmac));

        var buffer = new ArrayBufferWriter<byte>();
        writer.Reset(buffer);
        rows.WriteCanonical(writer);
        Assert.Equal(KnownCanonical, Encoding.UTF8.GetString(buffer.WrittenSpan));
        Assert.False(await rows.MoveNextAsync());
    }
}
