using System.Globalization;
using SecureAiChat.Core.Email;
using SecureAiChat.Core.Plans;
using SecureAiChat.Core.Tenancy;

namespace SecureAiChat.Core.Operations;

/// <summary>The mails Owners get about their contract and workspace (ja/en): plan changes, suspension, resumption, a cleared allow-list.</summary>
public static class OperationsMail
{
    public static EmailMessage PlanChanged(AppTenantInfo tenant, PlanChange change, string to, CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(change);
        string S(string name, params object?[] args) => OperationsStrings.Get(name, culture, args);
        var scheduled = change.AppliedAt is null;
        var seats = PlanLimits.Seats(change.ToPlan, change.CustomSeats);
        return new EmailBodyBuilder(new EmailStrings(culture))
            .Heading(S("Mail_Plan_Heading"))
            .Paragraph(S(scheduled ? "Mail_Plan_Scheduled_Body" : "Mail_Plan_Body", tenant.Name, change.FromPlan, change.ToPlan))
            .Fields([
                (S("Mail_Workspace"), tenant.Identifier),
                (S("Mail_Plan_Effective"), When(change.EffectiveAt)),
                (S("Mail_Plan_Seats"), seats?.ToString("N0", culture) ?? S("Mail_Unlimited")),
                (S("Mail_Plan_Tokens"), PlanLimits.MonthlyTokens(change.ToPlan, change.CustomMonthlyTokens).ToString("N0", culture)),
            ])
            .Build(to, S(scheduled ? "Mail_Plan_Scheduled_Subject" : "Mail_Plan_Subject", tenant.Name));
    }

    public static EmailMessage Suspended(AppTenantInfo tenant, SuspensionReason reason, string to, CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        string S(string name, params object?[] args) => OperationsStrings.Get(name, culture, args);
        return new EmailBodyBuilder(new EmailStrings(culture))
            .Heading(S("Mail_Suspended_Heading"))
            .Paragraph(S("Mail_Suspended_Body", tenant.Name, tenant.Identifier))
            .Fields([(S("Mail_Suspended_Reason"), S("Suspension_" + reason))])
            .Paragraph(S("Mail_Suspended_Contact"))
            .Build(to, S("Mail_Suspended_Subject", tenant.Name));
    }

    public static EmailMessage Resumed(AppTenantInfo tenant, string to, CultureInfo culture) => Simple(tenant, to, culture, "Resumed");

    public static EmailMessage IpAllowListCleared(AppTenantInfo tenant, string to, CultureInfo culture) => Simple(tenant, to, culture, "IpCleared");

    private static EmailMessage Simple(AppTenantInfo tenant, string to, CultureInfo culture, string key)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        string S(string name, params object?[] args) => OperationsStrings.Get(name, culture, args);
        return new EmailBodyBuilder(new EmailStrings(culture))
            .Heading(S($"Mail_{key}_Heading"))
            .Paragraph(S($"Mail_{key}_Body", tenant.Name, tenant.Identifier))
            .Paragraph(S("Mail_Suspended_Contact"))
            .Build(to, S($"Mail_{key}_Subject", tenant.Name));
    }

    private static string When(DateTimeOffset at) =>
        TimeZoneInfo.ConvertTime(at, WorkspaceTime.Tokyo).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " (JST)";
}
