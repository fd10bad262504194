using System.Globalization;
using SecureAiChat.Core.Email;
using SecureAiChat.Core.Tenancy;

namespace SecureAiChat.Core.Operations;

/// <summary>What a trial mail to the Owners is about.</summary>
public enum TrialMailKind
{
    Granted,
    Extended,
    Ended,
    Converted,
    Reminder7,
    Reminder2,
    Expired,
}

/// <summary>The mails Owners get about their PoC trial (ja/en): granted, extended, reminders, ended (read-only, deletion date), converted.</summary>
public static class TrialMail
{
    public static EmailMessage Build(TrialMailKind kind, AppTenantInfo tenant, string to, CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        string S(string name, params object?[] args) => OperationsStrings.Get(name, culture, args);
        var fields = new List<(string, string)> { (S("Mail_Workspace"), tenant.Identifier) };
        if (tenant.TrialEndsAt is { } ends) fields.Add((S("Mail_Trial_Ends"), When(ends)));
        if (kind is TrialMailKind.Ended or TrialMailKind.Expired && tenant.ClosureDeletesAt is { } deletes) fields.Add((S("Mail_Trial_Deletes"), When(deletes)));
        if (kind == TrialMailKind.Converted) fields.Add((S("Mail_Trial_Plan"), tenant.Plan));
        return new EmailBodyBuilder(new EmailStrings(culture))
            .Heading(S($"Mail_Trial_{kind}_Heading"))
            .Paragraph(S($"Mail_Trial_{kind}_Body", tenant.Name))
            .Fields(fields)
            .Paragraph(S("Mail_Suspended_Contact"))
            .Build(to, S($"Mail_Trial_{kind}_Subject", tenant.Name));
    }

    private static string When(DateTimeOffset at) =>
        TimeZoneInfo.ConvertTime(at, WorkspaceTime.Tokyo).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " (JST)";
}
