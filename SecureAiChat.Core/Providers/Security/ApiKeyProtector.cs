using Microsoft.AspNetCore.DataProtection;

namespace SecureAiChat.Core.Providers.Security;

/// <summary>
/// Encrypts tenants' provider API keys at rest with ASP.NET Core Data Protection. Each tenant has
/// its own purpose, so a ciphertext copied into another tenant's row cannot be decrypted there.
/// </summary>
public sealed class ApiKeyProtector
{
    /// <summary>Root purpose; bump the version if the payload format ever changes.</summary>
    public const string Purpose = "SecureAiChat.ProviderKey.v1";

    private const int VisibleSuffixLength = 4;
    private const int MaxVisiblePrefixLength = 3;

    // Below this length showing 3 + 4 characters would reveal most of the key.
    private const int MinLengthForPartialMask = 12;

    private const string FullMask = "••••••••";

    private readonly IDataProtectionProvider _provider;

    /// <summary>Creates the protector over the application's Data Protection provider.</summary>
    public ApiKeyProtector(IDataProtectionProvider provider) => _provider = provider;

    /// <summary>Encrypts <paramref name="plaintext"/> for <paramref name="tenantId"/>.</summary>
    public string Protect(string tenantId, string plaintext)
    {
        ArgumentException.ThrowIfNullOrEmpty(plaintext);
        return ForTenant(tenantId).Protect(plaintext);
    }

    /// <summary>Decrypts a key protected for <paramref name="tenantId"/>.</summary>
    /// <exception cref="System.Security.Cryptography.CryptographicException">
    /// The ciphertext was protected for another tenant, was tampered with, or its key is gone from the ring.
    /// </exception>
    public string Unprotect(string tenantId, string ciphertext) => ForTenant(tenantId).Unprotect(ciphertext);

    /// <summary>
    /// The form in which a key may be shown again: the vendor prefix (up to the first '-', at most
    /// three characters) or the first three characters, an ellipsis and the last four, e.g.
    /// <c>sk-…7Qx2</c>. Short keys are masked completely; the mask never reveals the length.
    /// </summary>
    public static string Mask(string? key)
    {
        var k = key?.Trim() ?? string.Empty;
        if (k.Length == 0)
        {
            return string.Empty;
        }

        if (k.Length < MinLengthForPartialMask)
        {
            return FullMask;
        }

        var dash = k.IndexOf('-', StringComparison.Ordinal);
        var prefix = dash is > 0 and < MaxVisiblePrefixLength ? k[..(dash + 1)] : k[..MaxVisiblePrefixLength];
        return prefix + "…" + k[^VisibleSuffixLength..];
    }

    private IDataProtector ForTenant(string tenantId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tenantId);

        // A purpose chain rather than string concatenation: "t1"+"2" and "t"+"12" cannot collide.
        return _provider.CreateProtector(Purpose, tenantId);
    }
}
