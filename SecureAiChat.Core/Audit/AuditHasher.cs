using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace SecureAiChat.Core.Audit;

/// <summary>
/// The canonical form of an entry and its HMAC. The canonical form is a JSON array of every stored column in a fixed
/// order (version first), so a change of any column, of the chain or of the previous hash changes the hash.
/// Changing this form breaks every existing chain: add a new version instead.
/// </summary>
public static class AuditHasher
{
    /// <summary>The canonical form's version: the first element of every hashed array.</summary>
    internal const int Version = 1;

    /// <summary>The previous hash of a chain's first entry.</summary>
    public static readonly string Genesis = new('0', 64);

    /// <summary>The hash of one entry (lower-case hex). For many entries of one chain use an <see cref="AuditHmac"/>.</summary>
    public static string Compute(byte[] key, AuditRecord e)
    {
        using var hmac = new AuditHmac(key);
        return hmac.Compute(e);
    }

    /// <summary>The MAC of a purge checkpoint (the last purged sequence and its hash).</summary>
    public static string Checkpoint(byte[] key, string chainKey, long sequence, string hash) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(key,
            System.Text.Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"checkpoint|{Version}|{chainKey}|{sequence}|{hash}"))));
}

/// <summary>The text fields of the canonical form (the numbers are the sequence and the time's ticks).</summary>
internal enum AuditText
{
    ChainKey, ActorKind, ActorId, ActorName, ActorRole, Action, TargetType, TargetId, TargetDisplay, Outcome,
    ClientAddress, UserAgent, Details, PreviousHash,
}

/// <summary>
/// Where the canonical form takes an entry's fields from: an <see cref="AuditRecord"/> (the writer, and the verifier on
/// SQL Server and PostgreSQL) or a SQLite row's UTF-8 text as read (the verifier on SQLite). Each writes a text field as
/// a JSON string (or null) through the same <see cref="Utf8JsonWriter"/>, whose escaping is the same for a string and
/// for its UTF-8 bytes, so both give the same bytes.
/// </summary>
internal interface IAuditFields
{
    long Sequence { get; }
    long OccurredAtTicks { get; }
    void Write(Utf8JsonWriter writer, AuditText field);
}

/// <summary>The one definition of the canonical form's layout, whatever the fields' source.</summary>
internal static class AuditCanonicalForm
{
    // The shape is fixed by the code below, so the writer's per-token structure checks only cost time; the output is
    // byte for byte the same (the escaping, which the canonical form depends on, is not affected).
    public static readonly JsonWriterOptions WriterOptions = new() { SkipValidation = true };

    /// <summary>Writes the canonical array of <paramref name="fields"/> and flushes it to the writer's output.</summary>
    public static void Write<TFields>(Utf8JsonWriter w, ref TFields fields) where TFields : struct, IAuditFields
    {
        w.WriteStartArray();
        w.WriteNumberValue(AuditHasher.Version);
        fields.Write(w, AuditText.ChainKey);
        w.WriteNumberValue(fields.Sequence);
        w.WriteNumberValue(fields.OccurredAtTicks);
        fields.Write(w, AuditText.ActorKind);
        fields.Write(w, AuditText.ActorId);
        fields.Write(w, AuditText.ActorName);
        fields.Write(w, AuditText.ActorRole);
        fields.Write(w, AuditText.Action);
        fields.Write(w, AuditText.TargetType);
        fields.Write(w, AuditText.TargetId);
        fields.Write(w, AuditText.TargetDisplay);
        fields.Write(w, AuditText.Outcome);
        fields.Write(w, AuditText.ClientAddress);
        fields.Write(w, AuditText.UserAgent);
        fields.Write(w, AuditText.Details);
        fields.Write(w, AuditText.PreviousHash);
        w.WriteEndArray();
        w.Flush();
    }

    /// <summary>The fields of a record, as the writer sealed them.</summary>
    public readonly struct RecordFields(AuditRecord e) : IAuditFields
    {
        public long Sequence => e.Sequence;
        public long OccurredAtTicks => e.OccurredAt.Ticks;

        public void Write(Utf8JsonWriter w, AuditText field)
        {
            var value = field switch
            {
                AuditText.ChainKey => e.ChainKey,
                AuditText.ActorKind => e.ActorKind.ToString(),
                AuditText.ActorId => e.ActorId,
                AuditText.ActorName => e.ActorName,
                AuditText.ActorRole => e.ActorRole,
                AuditText.Action => e.Action,
                AuditText.TargetType => e.TargetType,
                AuditText.TargetId => e.TargetId,
                AuditText.TargetDisplay => e.TargetDisplay,
                AuditText.Outcome => e.Outcome.ToString(),
                AuditText.ClientAddress => e.ClientAddress,
                AuditText.UserAgent => e.UserAgent,
                AuditText.Details => e.Details,
                AuditText.PreviousHash => e.PreviousHash,
                _ => throw new ArgumentOutOfRangeException(nameof(field)),
            };
            if (value is null) w.WriteNullValue();
            else w.WriteStringValue(value);
        }
    }
}

/// <summary>
/// Hashes the entries of one chain with one keyed HMAC, one buffer and one JSON writer, reset per entry: sealing a
/// batch and verifying a million entries allocate nothing per entry but the hex string. Not thread-safe.
/// </summary>
public sealed class AuditHmac(byte[] key) : IDisposable
{
    internal const int HashBytes = 32;

    /// <summary>The length of a stored hash: lower-case hex.</summary>
    internal const int HexLength = HashBytes * 2;

    private readonly IncrementalHash _hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
    private readonly ArrayBufferWriter<byte> _buffer = new(512);
    private Utf8JsonWriter? _writer;

    public string Compute(AuditRecord e)
    {
        Span<byte> mac = stackalloc byte[HashBytes];
        Hash(e, mac);
        return Convert.ToHexStringLower(mac);
    }

    /// <summary>Whether <paramref name="storedHash"/> is exactly the lower-case hex hash of <paramref name="e"/>.</summary>
    public bool Matches(AuditRecord e, string storedHash)
    {
        Span<byte> mac = stackalloc byte[HashBytes];
        Hash(e, mac);
        Span<char> hex = stackalloc char[HexLength];
        Convert.TryToHexStringLower(mac, hex, out _);
        return storedHash.Length == hex.Length
            && CryptographicOperations.FixedTimeEquals(MemoryMarshal.AsBytes(hex), MemoryMarshal.AsBytes(storedHash.AsSpan()));
    }

    /// <summary>
    /// Whether <paramref name="storedHash"/> (the stored column's bytes, ASCII) is exactly the lower-case hex HMAC of
    /// <paramref name="canonical"/>, an entry's canonical form as <see cref="AuditCanonicalForm.Write"/> gave it.
    /// </summary>
    internal bool Matches(ReadOnlySpan<byte> canonical, ReadOnlySpan<byte> storedHash)
    {
        Span<byte> mac = stackalloc byte[HashBytes];
        _hmac.AppendData(canonical);
        _hmac.GetHashAndReset(mac);
        Span<byte> hex = stackalloc byte[HexLength];
        for (var i = 0; i < mac.Length; i++)
        {
            hex[2 * i] = HexDigits[mac[i] >> 4];
            hex[2 * i + 1] = HexDigits[mac[i] & 0xF];
        }
        return storedHash.Length == HexLength && CryptographicOperations.FixedTimeEquals(hex, storedHash);
    }

    private static ReadOnlySpan<byte> HexDigits => "0123456789abcdef"u8;

    private void Hash(AuditRecord e, Span<byte> destination)
    {
        _buffer.ResetWrittenCount();
        if (_writer is null) _writer = new Utf8JsonWriter(_buffer, AuditCanonicalForm.WriterOptions);
        else _writer.Reset(_buffer);
        var fields = new AuditCanonicalForm.RecordFields(e);
        AuditCanonicalForm.Write(_writer, ref fields);
        _hmac.AppendData(_buffer.WrittenSpan);
        _hmac.GetHashAndReset(destination);
    }

    public void Dispose()
    {
        _writer?.Dispose();
        _hmac.Dispose();
    }
}
