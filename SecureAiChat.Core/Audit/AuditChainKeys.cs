using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace SecureAiChat.Core.Audit;

/// <summary>
/// Per-chain HMAC keys: 256 random bits made when a chain starts, stored in its head row encrypted by ASP.NET Core
/// Data Protection (purpose per chain). Someone who can edit the database but not read the key ring cannot compute
/// a valid hash, so cannot re-chain after an edit. Unprotected keys are cached for the process's life.
/// </summary>
public sealed class AuditChainKeys(IDataProtectionProvider provider)
{
    public const string Purpose = "SecureAiChat.AuditChainKey.v1";

    private readonly ConcurrentDictionary<string, byte[]> _keys = new(StringComparer.Ordinal);

    /// <summary>A new random key for <paramref name="chainKey"/>: the raw bytes and their protected form.</summary>
    public (byte[] Key, string Protected) Create(string chainKey)
    {
        var key = RandomNumberGenerator.GetBytes(32);
        return (key, Convert.ToBase64String(Protector(chainKey).Protect(key)));
    }

    /// <exception cref="CryptographicException">The key ring lost the key, or the protected key was altered or moved.</exception>
    public byte[] Unprotect(string chainKey, string protectedKey) =>
        _keys.GetOrAdd(chainKey + "\n" + protectedKey, _ => Protector(chainKey).Unprotect(Convert.FromBase64String(protectedKey)));

    private IDataProtector Protector(string chainKey) => provider.CreateProtector(Purpose, chainKey);
}
