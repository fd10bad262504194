using System.Net.Mail;

namespace SecureAiChat.Core.Team;

/// <summary>One address to invite, with the line it came from (for messages that say where the problem is).</summary>
public sealed record Invitee(string Email, int Line);

/// <summary>A line of input that is not a usable address.</summary>
public sealed record InviteeProblem(int Line, string Value);

/// <summary>The addresses read from a pasted list or an uploaded CSV: all good ones, and every bad one with its line.</summary>
public sealed record InviteeList(IReadOnlyList<Invitee> Invitees, IReadOnlyList<InviteeProblem> Problems)
{
    public const int MaxInvitees = 200;

    /// <summary>A pasted list: addresses separated by new lines, commas, semicolons or spaces ("Name &lt;a@b.jp&gt;" is accepted).</summary>
    public static InviteeList FromPasted(string? text) =>
        Read(text, SplitPasted, skipHeader: false);

    /// <summary>A CSV file: the address is the first column; a first line without an address is a header.</summary>
    public static InviteeList FromCsv(string? text) =>
        Read(text, line => [line.Split(',', 2)[0]], skipHeader: true);

    private static InviteeList Read(string? text, Func<string, IEnumerable<string>> cells, bool skipHeader)
    {
        var invitees = new List<Invitee>();
        var problems = new List<InviteeProblem>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var lines = (text ?? "").Replace("\r\n", "\n").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            foreach (var cell in cells(lines[i]))
            {
                var value = cell.Trim().Trim('"', '\'').Trim();
                if (value.Length == 0) continue;
                if (skipHeader && i == 0 && !value.Contains('@')) continue;
                if (TryNormalize(value, out var email))
                {
                    if (seen.Add(email)) invitees.Add(new Invitee(email, i + 1));
                }
                else
                {
                    problems.Add(new InviteeProblem(i + 1, value));
                }
            }
        }
        return new InviteeList(invitees, problems);
    }

    /// <summary>A plain address with a dotted domain ("a@b.jp"); display names are dropped, case is kept but the domain lower-cased.</summary>
    public static bool TryNormalize(string value, out string email)
    {
        email = "";
        if (!MailAddress.TryCreate(value.Trim(), out var address)) return false;
        var host = address.Host;
        if (!host.Contains('.') || host.StartsWith('.') || host.EndsWith('.') || address.User.Length == 0 || address.Address.Any(char.IsWhiteSpace)) return false;
        email = address.User + "@" + host.ToLowerInvariant();
        return true;
    }

    public static string DomainOf(string email) => email[(email.LastIndexOf('@') + 1)..].ToLowerInvariant();

    // Outlook-style "山田 太郎 <yamada@example.jp>; b@example.jp": commas and semicolons separate entries; an entry
    // with <...> is that address, any other entry may still hold several addresses separated by spaces.
    private static IEnumerable<string> SplitPasted(string line) =>
        line.Split([',', ';', '、'], StringSplitOptions.RemoveEmptyEntries).SelectMany(entry =>
            entry.IndexOf('<') is var open and >= 0 && entry.IndexOf('>', open) is var close and > 0
                ? [entry[(open + 1)..close]]
                : entry.Split([' ', '\t', '　'], StringSplitOptions.RemoveEmptyEntries));
}
