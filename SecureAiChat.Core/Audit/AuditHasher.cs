using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;

namespace SecureAiChat.Core.Audit;

/// <summary>
/// The canonical form of an entry and its HMAC. The canonical form is a JSON array of every stored column in a fixed
/// order (version first), so a change of any column, of the chain or of the previous hash changes the hash.
/// Changing this form breaks every existing chain: add a new version instead.
/// </summary>
public static class AuditHasher
{
    private const int Version = 1;

    /// <summary>The previous hash of a chain's first entry.</summary>
    public static readonly string Genesis = new('0', 64);

    public static string Compute(byte[] key, AuditRecord e)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartArray();
            w.WriteNumberValue(Version);
            w.WriteStringValue(e.ChainKey);
            w.WriteNumberValue(e.Sequence);
            w.WriteNumberValue(e.OccurredAt.Ticks);
            w.WriteStringValue(e.ActorKind.ToString());
            WriteNullable(w, e.ActorId);
            WriteNullable(w, e.ActorName);
            WriteNullable(w, e.ActorRole);
            w.WriteStringValue(e.Action);
            w.WriteStringValue(e.TargetType);
            WriteNullable(w, e.TargetId);
            WriteNullable(w, e.TargetDisplay);
            w.WriteStringValue(e.Outcome.ToString());
            WriteNullable(w, e.ClientAddress);
            WriteNullable(w, e.UserAgent);
            WriteNullable(w, e.Details);
            w.WriteStringValue(e.PreviousHash);
            w.WriteEndArray();
        }
        return Convert.ToHexStringLower(HMACSHA256.HashData(key, buffer.WrittenSpan));
    }

    /// <summary>The MAC of a purge checkpoint (the last purged sequence and its hash).</summary>
    public static string Checkpoint(byte[] key, string chainKey, long sequence, string hash) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(key,
            System.Text.Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"checkpoint|{Version}|{chainKey}|{sequence}|{hash}"))));

    private static void WriteNullable(Utf8JsonWriter w, string? value)
    {
        if (value is null) w.WriteNullValue();
        else w.WriteStringValue(value);
    }
}
