using Microsoft.Data.Sqlite;
using SecureAiChat.Core.Audit;

namespace SecureAiChat.Tests.Unit.Audit;

/// <summary>
/// The verifier's own reading of SQLite date text must give exactly the ticks the provider gives (the HMAC covers them),
/// and leave anything of another shape to the provider.
/// </summary>
public sealed class SqliteDateTimeTextTests
{
    public static TheoryData<long> Ticks => new()
    {
        new DateTime(2026, 12, 5, 3, 4, 5, DateTimeKind.Utc).Ticks,                  // whole seconds: no fraction is written
        new DateTime(2026, 12, 5, 3, 4, 5, DateTimeKind.Utc).Ticks + 1,              // one tick: all seven digits
        new DateTime(2024, 2, 29, 23, 59, 59, DateTimeKind.Utc).Ticks + 9_999_999,   // leap day, last tick of a second
        new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks + 1_200_000,       // trailing zeros trimmed: ".12"
        DateTime.MaxValue.Ticks,
    };

    [Theory]
    [MemberData(nameof(Ticks))]
    public void Reads_what_the_provider_wrote_to_the_same_tick(long ticks)
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        using (var create = connection.CreateCommand())
        {
            create.CommandText = "CREATE TABLE t (at TEXT NOT NULL); INSERT INTO t VALUES (@at);";
            create.Parameters.AddWithValue("@at", new DateTime(ticks, DateTimeKind.Utc));
            create.ExecuteNonQuery();
        }
        using var read = connection.CreateCommand();
        read.CommandText = "SELECT at FROM t";
        using var reader = read.ExecuteReader();
        Assert.True(reader.Read());

        Assert.True(SqliteDateTimeText.TryParse(reader.GetString(0), out var parsed));
        Assert.Equal(reader.GetDateTime(0).Ticks, parsed.Ticks);
        Assert.Equal(ticks, SqliteDateTimeText.Read(reader, 0).Ticks);
    }

    [Theory]
    [InlineData("2026-12-05 03:04:05+09:00")]
    [InlineData("2026-12-05T03:04:05Z")]
    [InlineData("2026-12-05 03:04:05.")]
    [InlineData("2026-12-05 03:04:05.12345678")]
    [InlineData("2026-13-05 03:04:05")]
    [InlineData("2026-02-30 03:04:05")]
    [InlineData("2026-12-05 24:00:00")]
    [InlineData("2026-12-5 03:04:05")]
    [InlineData("２０２６-12-05 03:04:05")]
    [InlineData("")]
    public void Leaves_any_other_shape_to_the_provider(string text) =>
        Assert.False(SqliteDateTimeText.TryParse(text, out _), text);
}
