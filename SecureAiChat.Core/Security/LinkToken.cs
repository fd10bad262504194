using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace SecureAiChat.Core.Security;

/// <summary>Tokens of links sent by mail (invitations, exports): random and URL-safe; only their hash is stored.</summary>
public static class LinkToken
{
    /// <summary>A new token of <paramref name="randomBytes"/> random bytes, base64url without padding.</summary>
    public static string New(int randomBytes) => WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(randomBytes));

    /// <summary>What is stored of a token: its SHA-256 in lower-case hex (the token itself is random, so no salt is needed).</summary>
    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
