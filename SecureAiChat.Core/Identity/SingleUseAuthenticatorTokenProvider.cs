using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using SecureAiChat.Core.Data;

namespace SecureAiChat.Core.Identity;

/// <summary>
/// Identity's authenticator (TOTP, RFC 6238) check with one addition: a code is accepted once. The time step of
/// an accepted code is stored on the user with a conditional update (only if it is later than the last accepted
/// step), so the same code, or an older one, is refused afterwards, also when two instances receive it at once.
/// Same tolerance as Identity's provider: two 30-second steps either side of now.
/// </summary>
public sealed class SingleUseAuthenticatorTokenProvider(AppDbContext db, TimeProvider time) : IUserTwoFactorTokenProvider<AppUser>
{
    private const int StepSeconds = 30;
    private const int Tolerance = 2;

    public async Task<bool> CanGenerateTwoFactorTokenAsync(UserManager<AppUser> manager, AppUser user) =>
        !string.IsNullOrWhiteSpace(await manager.GetAuthenticatorKeyAsync(user));

    // The authenticator app generates the codes; the server never sends one.
    public Task<string> GenerateAsync(string purpose, UserManager<AppUser> manager, AppUser user) => Task.FromResult(string.Empty);

    public async Task<bool> ValidateAsync(string purpose, string token, UserManager<AppUser> manager, AppUser user)
    {
        var key = await manager.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrWhiteSpace(key) || token.Length != 6 || !int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var code))
            return false;
        var secret = Base32Decode(key);
        if (secret is null) return false;

        var now = time.GetUtcNow().ToUnixTimeSeconds() / StepSeconds;
        for (var step = now - Tolerance; step <= now + Tolerance; step++)
        {
            if (Compute(secret, step) != code) continue;
            var accepted = step;
            var claimed = await db.Users.Where(u => u.Id == user.Id && (u.LastTotpTimeStep == null || u.LastTotpTimeStep < accepted))
                .ExecuteUpdateAsync(s => s.SetProperty(u => u.LastTotpTimeStep, accepted));
            if (claimed == 1) user.LastTotpTimeStep = accepted;
            return claimed == 1;
        }
        return false;
    }

    private static int Compute(byte[] secret, long step)
    {
        Span<byte> counter = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(counter, step);
#pragma warning disable CA5350 // RFC 6238 authenticator apps compute TOTP over HMAC-SHA1; this must match them.
        var hash = HMACSHA1.HashData(secret, counter);
#pragma warning restore CA5350
        var offset = hash[^1] & 0x0f;
        var binary = ((hash[offset] & 0x7f) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        return binary % 1_000_000;
    }

    /// <summary>RFC 4648 base32 (the alphabet of Identity's authenticator keys); null when it is not base32.</summary>
    private static byte[]? Base32Decode(string input)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var output = new List<byte>(input.Length * 5 / 8);
        int buffer = 0, bits = 0;
        foreach (var c in input)
        {
            if (c is ' ' or '=') continue;
            var value = alphabet.IndexOf(char.ToUpperInvariant(c), StringComparison.Ordinal);
            if (value < 0) return null;
            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits < 8) continue;
            output.Add((byte)(buffer >> (bits - 8)));
            bits -= 8;
            buffer &= (1 << bits) - 1;
        }
        return [.. output];
    }
}
