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

/// <summary>
/// Hashes the entries of one chain with one keyed HMAC, one buffer and one JSON writer, reset per entry: sealing a
/// batch and verifying a million entries allocate nothing per entry but the hex string. Not thread-safe.
/// </summary>
public sealed class AuditHmac(byte[] key) : IDisposable
{
    private const int HashBytes = 32;

    // The shape is fixed by the code below, so the writer's per-token structure checks only cost time; the output is
    // byte for byte the same (the escaping, which the canonical form depends on, is not affected).
    private static readonly JsonWriterOptions WriterOptions = new() { SkipValidation = true };

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
        Span<char> hex = stackalloc char[HashBytes * 2];
        Convert.TryToHexStringLower(mac, hex, out _);
        return storedHash.Length == hex.Length
            && CryptographicOperations.FixedTimeEquals(MemoryMarshal.AsBytes(hex), MemoryMarshal.AsBytes(storedHash.AsSpan()));
    }

    private void Hash(AuditRecord e, Span<byte> destination)
    {
        _buffer.ResetWrittenCount();
        if (_writer is null) _writer = new Utf8JsonWriter(_buffer, WriterOptions);
        else _writer.Reset(_buffer);
        var w = _writer;
        w.WriteStartArray();
        w.WriteNumberValue(AuditHasher.Version);
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
        w.Flush();
        _hmac.AppendData(_buffer.WrittenSpan);
        _hmac.GetHashAndReset(destination);
    }

    private static void WriteNullable(Utf8JsonWriter w, string? value)
    {
        if (value is null) w.WriteNullValue();
        else w.WriteStringValue(value);
    }

    public void Dispose()
    {
        _writer?.Dispose();
        _hmac.Dispose();
    }
}
