using SecureAiChat.Core.Security;

namespace SecureAiChat.Core.Team;

/// <summary>Invitation link tokens: 128 random bits, URL-safe; only the hash is stored.</summary>
public static class InvitationToken
{
    public static string New() => LinkToken.New(16);

    public static string Hash(string token) => LinkToken.Hash(token);

    /// <summary>A plausible token (22 base64url characters); anything else is unknown without a database look-up.</summary>
    public static bool IsWellFormed(string? token) =>
        token is { Length: 22 } && token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
