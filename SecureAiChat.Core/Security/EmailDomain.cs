using System.Text.RegularExpressions;

namespace SecureAiChat.Core.Security;

/// <summary>What an email domain an admin types may look like ("example.co.jp"; lower case, no "@").</summary>
public static partial class EmailDomain
{
    public static bool IsValid(string domain) => Pattern().IsMatch(domain);

    [GeneratedRegex(@"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
