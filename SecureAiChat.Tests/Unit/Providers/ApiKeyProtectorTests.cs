using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using SecureAiChat.Core.Providers.Security;

namespace SecureAiChat.Tests.Unit.Providers;

public sealed class ApiKeyProtectorTests
{
    private const string Key = "sk-proj-CANARY0123456789abcdef7Qx2";

    private readonly ApiKeyProtector _protector = new(new EphemeralDataProtectionProvider());

    [Fact]
    public void Round_trips_for_the_same_tenant_and_hides_the_plaintext()
    {
        var ciphertext = _protector.Protect("tenant-a", Key);

        Assert.DoesNotContain("CANARY", ciphertext, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(Key, _protector.Unprotect("tenant-a", ciphertext));
    }

    [Fact]
    public void Key_of_one_tenant_cannot_be_unprotected_as_another()
    {
        var ciphertext = _protector.Protect("tenant-a", Key);

        Assert.ThrowsAny<CryptographicException>(() => _protector.Unprotect("tenant-b", ciphertext));
    }

    [Fact]
    public void Purpose_is_not_shared_with_other_data_protection_users()
    {
        var provider = new EphemeralDataProtectionProvider();
        var ciphertext = new ApiKeyProtector(provider).Protect("tenant-a", Key);

        Assert.ThrowsAny<CryptographicException>(() => provider.CreateProtector("SecureAiChat.ProviderKey.v1").Unprotect(ciphertext));
    }

    [Theory]
    [InlineData("sk-proj-abcdefghijklmnop7Qx2", "sk-…7Qx2")]
    [InlineData("sk-abcdefghijklmnop7Qx2", "sk-…7Qx2")]
    [InlineData("0123456789abcdef0123456789abcdef", "012…cdef")]
    [InlineData("  0123456789abcdef  ", "012…cdef")]
    [InlineData("longprefix-0123456789", "lon…6789")]
    [InlineData("short-key", "••••••••")]
    [InlineData("abc", "••••••••")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void Mask_shows_prefix_and_last_four_only(string? key, string expected)
    {
        Assert.Equal(expected, ApiKeyProtector.Mask(key));
    }
}
