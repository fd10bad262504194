using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace SecureAiChat.Core.Team;

/// <summary>Invitation link tokens: 128 random bits, URL-safe; only the hash is stored.</summary>
public static class InvitationToken
{
    public static string New() => WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(16));

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>A plausible token (22 base64url characters); anything else is unknown without a database look-up.</summary>
    public static bool IsWellFormed(string? token) =>
        token is { Length: 22 } && token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
