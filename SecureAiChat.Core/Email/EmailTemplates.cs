using System.Globalization;

using SecureAiChat.Core.Tenancy;

namespace SecureAiChat.Core.Email;

/// <summary>
/// Renders every email the product sends, in Japanese or English, as HTML plus plain text.
/// The one place where email wording and layout live; strings come from EmailStrings.resx.
/// </summary>
public static class EmailTemplates
{
    /// <summary>Time zone in which dates are shown: Japan, the product's default.</summary>
    public static TimeZoneInfo TimeZone => WorkspaceTime.Tokyo;

    /// <summary>The welcome email: workspace URL, how to sign in, first steps, email confirmation link.</summary>
    public static EmailMessage Welcome(WelcomeEmail model, CultureInfo culture)
    {
        var s = new EmailStrings(culture);
        var steps = model.FirstSteps is { Count: > 0 } given ? given.Take(3) : [s.Welcome_Step1, s.Welcome_Step2, s.Welcome_Step3];
        return new EmailBodyBuilder(s)
            .Heading(s.Welcome_Heading)
            .Paragraph(s.Format(s.Greeting, model.AdminName))
            .Paragraph(s.Format(s.Welcome_Intro, model.CompanyName))
            .Paragraph(s.Format(s.Welcome_WorkspaceUrl, model.WorkspaceUrl.AbsoluteUri))
            .Paragraph(s.Welcome_ConfirmIntro)
            .Button(s.Welcome_ConfirmButton, model.ConfirmEmailUrl)
            .Paragraph(s.Welcome_HowToSignIn)
            .Button(s.Welcome_SignInButton, model.SignInUrl)
            .Subheading(s.Welcome_StepsHeading)
            .Steps(steps)
            .Build(model.To, s.Format(s.Welcome_Subject, model.CompanyName));
    }

    /// <summary>Confirmation to the person who sent a sales inquiry, repeating what they sent.</summary>
    public static EmailMessage SalesInquiryConfirmation(SalesInquiryEmail model, CultureInfo culture)
    {
        var s = new EmailStrings(culture);
        return new EmailBodyBuilder(s)
            .Paragraph(s.Format(s.Greeting, model.ContactName))
            .Paragraph(s.SalesConfirm_Body)
            .Subheading(s.SalesConfirm_Summary)
            .Fields(InquiryFields(model, s))
            .Build(model.Email, s.SalesConfirm_Subject);
    }

    /// <summary>Notification to the sales team; Reply-To is the requester so sales can answer directly.</summary>
    public static EmailMessage SalesInquiryNotification(SalesInquiryEmail model, string salesAddress, CultureInfo culture)
    {
        var s = new EmailStrings(culture);
        var plan = model.PreferredPlan ?? s.NotSpecified;
        return new EmailBodyBuilder(s)
            .Paragraph(s.SalesNotify_Body)
            .Fields(InquiryFields(model, s))
            .Build(salesAddress, s.Format(s.SalesNotify_Subject, model.CompanyName, plan), replyTo: model.Email);
    }

    /// <summary>Invitation to join a workspace, with the accept link and its expiry.</summary>
    public static EmailMessage Invitation(InvitationEmail model, CultureInfo culture)
    {
        var s = new EmailStrings(culture);
        return new EmailBodyBuilder(s)
            .Heading(s.Invite_Heading)
            .Paragraph(s.Format(s.Invite_Body, model.InviterName, model.WorkspaceName))
            .Button(s.Invite_Button, model.AcceptUrl)
            .Paragraph(s.Format(s.Invite_Expiry, FormatDate(model.ExpiresAt, s)))
            .Build(model.To, s.Format(s.Invite_Subject, model.InviterName, model.WorkspaceName));
    }

    /// <summary>Password reset link.</summary>
    public static EmailMessage PasswordReset(PasswordResetEmail model, CultureInfo culture)
    {
        var s = new EmailStrings(culture);
        return new EmailBodyBuilder(s)
            .Paragraph(s.Format(s.Greeting, model.UserName))
            .Paragraph(s.Reset_Body)
            .Button(s.Reset_Button, model.ResetUrl)
            .Paragraph(s.Format(s.Reset_Validity, (int)Math.Ceiling(model.ValidFor.TotalMinutes)))
            .Paragraph(s.Reset_NotYou)
            .Build(model.To, s.Reset_Subject);
    }

    /// <summary>Email address confirmation link.</summary>
    public static EmailMessage EmailConfirmation(EmailConfirmationEmail model, CultureInfo culture)
    {
        var s = new EmailStrings(culture);
        return new EmailBodyBuilder(s)
            .Paragraph(s.Format(s.Greeting, model.UserName))
            .Paragraph(s.Confirm_Body)
            .Button(s.Confirm_Button, model.ConfirmUrl)
            .Build(model.To, s.Confirm_Subject);
    }

    /// <summary>Usage alert: a warning below 100% of the allowance, a "limit reached" notice at or above it.</summary>
    public static EmailMessage UsageAlert(UsageAlertEmail model, CultureInfo culture)
    {
        var s = new EmailStrings(culture);
        var subject = model.IsLimitReached
            ? s.Format(s.Usage_LimitSubject, model.WorkspaceName)
            : s.Format(s.Usage_WarningSubject, model.WorkspaceName, model.PercentUsed);
        return new EmailBodyBuilder(s)
            .Paragraph(s.Format(
                s.Usage_Body,
                model.WorkspaceName,
                model.UsedTokens.ToString("N0", culture),
                model.AllowanceTokens.ToString("N0", culture),
                model.PercentUsed))
            .Paragraph(model.IsLimitReached ? s.Usage_LimitAdvice : s.Usage_WarningAdvice)
            .Button(s.Usage_Button, model.ApiSettingsUrl)
            .Build(model.To, subject);
    }

    /// <summary>An alert opened or cleared (workspace alerts to its Admins, platform alerts to <c>Ops:AlertAddress</c>).</summary>
    public static EmailMessage Alert(AlertEmail model, CultureInfo culture)
    {
        var s = new EmailStrings(culture);
        var opened = TimeZoneInfo.ConvertTime(model.OpenedAt, TimeZone).ToString(s.DateTimeFormat, s.Culture);
        var body = model.ClosedAt is { } closedAt
            ? s.Format(s.Alert_ClosedBody, model.Scope, TimeZoneInfo.ConvertTime(closedAt, TimeZone).ToString(s.DateTimeFormat, s.Culture), opened)
            : s.Format(s.Alert_OpenedBody, model.Scope, opened);
        return new EmailBodyBuilder(s)
            .Heading(model.Title)
            .Paragraph(body)
            .Paragraph(model.Advice)
            .Button(s.Alert_Button, model.Url)
            .Build(model.To, s.Format(model.ClosedAt is null ? s.Alert_OpenedSubject : s.Alert_ClosedSubject, model.Scope, model.Title));
    }

    /// <summary>The daily verification found a broken audit chain (to operators, and to the workspace's Owners for its chain).</summary>
    public static EmailMessage AuditChainBroken(AuditChainBrokenEmail model, CultureInfo culture)
    {
        var s = new EmailStrings(culture);
        return new EmailBodyBuilder(s)
            .Paragraph(s.Format(s.AuditBroken_Body, model.ChainName, model.FirstBrokenSequence, model.Problem))
            .Paragraph(s.AuditBroken_Advice)
            .Build(model.To, s.Format(s.AuditBroken_Subject, model.ChainName));
    }

    /// <summary>The Owners' monthly mail: the month's closing audit hash, a copy of the chain's state outside the database.</summary>
    public static EmailMessage AuditMonthlyHash(AuditMonthlyHashEmail model, CultureInfo culture)
    {
        var s = new EmailStrings(culture);
        var month = new DateTime(model.Month.Year, model.Month.Month, 1).ToString(s.AuditMonthly_MonthFormat, s.Culture);
        return new EmailBodyBuilder(s)
            .Paragraph(s.Format(s.AuditMonthly_Body, model.WorkspaceName, month, model.Sequence))
            .Fields([(s.AuditMonthly_Sequence, model.Sequence.ToString(CultureInfo.InvariantCulture)), (s.AuditMonthly_Hash, model.Hash)])
            .Paragraph(s.AuditMonthly_HowTo)
            .Button(s.AuditMonthly_Button, model.AuditLogUrl)
            .Build(model.To, s.Format(s.AuditMonthly_Subject, model.WorkspaceName, month));
    }

    public static EmailMessage UsageMonthlyReport(UsageMonthlyReportEmail model, CultureInfo culture)
    {
        var s = new EmailStrings(culture);
        var month = new DateTime(model.Month.Year, model.Month.Month, 1).ToString(s.AuditMonthly_MonthFormat, s.Culture);
        string Yen(decimal yen) => "¥" + Math.Round(yen, 0, MidpointRounding.AwayFromZero).ToString("N0", s.Culture);
        var message = new EmailBodyBuilder(s)
            .Paragraph(s.Format(s.UsageMonthly_Body, model.WorkspaceName, month))
            .Fields([
                (s.UsageMonthly_ActiveMembers, model.ActiveMembers.ToString("N0", s.Culture)),
                (s.UsageMonthly_Answers, model.Answers.ToString("N0", s.Culture)),
                (s.UsageMonthly_Tokens, model.Tokens.ToString("N0", s.Culture)),
                (s.UsageMonthly_Cost, model.CostYen is { } cost ? Yen(cost) : "—"),
            ])
            .Subheading(s.UsageMonthly_Departments)
            .Fields(model.Departments.Select(d => (d.Department, Yen(d.YenExcludingTax))))
            .Paragraph(s.UsageMonthly_Attachment)
            .Button(s.UsageMonthly_Button, model.AnalyticsUrl)
            .Build(model.To, s.Format(s.UsageMonthly_Subject, model.WorkspaceName, month));
        var key = model.Month.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        return message with { Attachments = [new EmailAttachment($"chargeback-{key}.csv", "text/csv; charset=utf-8", model.ChargebackCsv)] };
    }

    /// <summary>An export is ready: the single-use download link and until when it works (it also needs the requester signed in).</summary>
    public static EmailMessage DataExportReady(DataExportReadyEmail model, CultureInfo culture)
    {
        var s = new EmailStrings(culture);
        return new EmailBodyBuilder(s)
            .Paragraph(s.Format(s.Greeting, model.UserName))
            .Paragraph(model.WholeWorkspace ? s.Format(s.DataExport_Body, model.WorkspaceName) : s.Format(s.DataExport_BodyMember, model.WorkspaceName))
            .Button(s.DataExport_Button, model.DownloadUrl)
            .Paragraph(s.Format(s.DataExport_Validity, FormatDate(model.ExpiresAt, s)))
            .Paragraph(s.DataExport_SignIn)
            .Build(model.To, s.Format(model.WholeWorkspace ? s.DataExport_Subject : s.DataExport_SubjectMember, model.WorkspaceName));
    }

    /// <summary>Break-glass access to the member's conversations was approved: who reads, until when, and that each opening is recorded.</summary>
    public static EmailMessage BreakGlassOpened(BreakGlassOpenedEmail model, CultureInfo culture)
    {
        var s = new EmailStrings(culture);
        return new EmailBodyBuilder(s)
            .Paragraph(s.Format(s.Greeting, model.UserName))
            .Paragraph(s.Format(s.BreakGlass_Body, model.WorkspaceName))
            .Fields([(s.BreakGlass_FieldRequester, model.RequesterName), (s.BreakGlass_FieldUntil, FormatDate(model.EndsAt, s))])
            .Paragraph(s.BreakGlass_Recorded)
            .Button(s.BreakGlass_Button, model.AppUrl)
            .Build(model.To, s.Format(s.BreakGlass_Subject, model.WorkspaceName));
    }

    /// <summary>The department's name in a chargeback as the recipient reads it (no department, deleted department).</summary>
    public static string DepartmentName(string name, bool noDepartment, CultureInfo culture)
    {
        var s = new EmailStrings(culture);
        return noDepartment ? s.UsageMonthly_NoDepartment : name.Length == 0 ? s.UsageMonthly_DeletedDepartment : name;
    }

    private static IEnumerable<(string, string)> InquiryFields(SalesInquiryEmail m, EmailStrings s)
    {
        string OrNone(string? value) => string.IsNullOrWhiteSpace(value) ? s.NotSpecified : value;

        yield return (s.Field_Company, m.CompanyName);
        yield return (s.Field_Name, m.ContactName);
        yield return (s.Field_Email, m.Email);
        yield return (s.Field_Phone, OrNone(m.Phone));
        yield return (s.Field_Seats, m.ExpectedSeats?.ToString("N0", s.Culture) ?? s.NotSpecified);
        yield return (s.Field_Plan, m.PreferredPlan ?? s.NotSpecified);
        yield return (s.Field_Message, OrNone(m.Message));
    }

    /// <summary>A budget reached a threshold: to the member, the department's managers or the admins, each in their language.</summary>
    public static EmailMessage BudgetAlert(BudgetAlertEmail model, CultureInfo culture)
    {
        var s = new EmailStrings(culture);
        var name = BudgetName(model.Budget, s);
        return new EmailBodyBuilder(s)
            .Paragraph(s.Format(s.BudgetAlert_Body, name, model.Threshold))
            .Fields([
                (s.Budget_FieldBudget, BudgetAmount(model.Budget, model.Limit, s)),
                (s.Budget_FieldUsed, BudgetAmount(model.Budget, model.Spent, s)),
                (s.Budget_FieldPeriod, model.PeriodKey),
            ])
            .Paragraph(model.HardStop ? s.BudgetAlert_HardStopAdvice : s.BudgetAlert_AlertOnlyAdvice)
            .Button(s.BudgetAlert_Button, model.Url)
            .Build(model.To, s.Format(s.BudgetAlert_Subject, model.WorkspaceName, model.Threshold, name));
    }

    /// <summary>A member asked for more budget: to each approver.</summary>
    public static EmailMessage BudgetRequest(BudgetRequestEmail model, CultureInfo culture)
    {
        var s = new EmailStrings(culture);
        var name = BudgetName(model.Budget, s);
        return new EmailBodyBuilder(s)
            .Paragraph(s.Format(s.BudgetRequest_Body, model.RequesterName, name))
            .Fields([
                (s.Budget_FieldRequester, model.RequesterName),
                (s.Budget_FieldRequested, BudgetAmount(model.Budget, model.Amount, s)),
                (s.Budget_FieldReason, model.Reason),
                (s.Budget_FieldPeriod, model.PeriodKey),
            ])
            .Button(s.BudgetRequest_Button, model.Url)
            .Build(model.To, s.Format(s.BudgetRequest_Subject, model.WorkspaceName, model.RequesterName, BudgetAmount(model.Budget, model.Amount, s)));
    }

    /// <summary>The decision on a request: to the member who asked.</summary>
    public static EmailMessage BudgetDecision(BudgetDecisionEmail model, CultureInfo culture)
    {
        var s = new EmailStrings(culture);
        var name = BudgetName(model.Budget, s);
        var fields = new List<(string, string)> { (s.Budget_FieldRequested, BudgetAmount(model.Budget, model.Requested, s)) };
        if (model.Approved is { } approved) fields.Add((s.Budget_FieldApproved, BudgetAmount(model.Budget, approved, s)));
        if (!string.IsNullOrWhiteSpace(model.Comment)) fields.Add((s.Budget_FieldComment, model.Comment));
        return new EmailBodyBuilder(s)
            .Paragraph(model.Approved is null
                ? s.Format(s.BudgetDecision_DeniedBody, name)
                : s.Format(s.BudgetDecision_ApprovedBody, name, FormatDate(model.PeriodEnd, s)))
            .Fields(fields)
            .Button(s.BudgetDecision_Button, model.Url)
            .Build(model.To, model.Approved is { } granted
                ? s.Format(s.BudgetDecision_ApprovedSubject, model.WorkspaceName, BudgetAmount(model.Budget, granted, s))
                : s.Format(s.BudgetDecision_DeniedSubject, model.WorkspaceName));
    }

    private static string BudgetName(BudgetMailSubject budget, EmailStrings s) => budget.Scope switch
    {
        BudgetMailScope.Department => s.Format(s.Budget_Department, budget.Name),
        BudgetMailScope.Member => s.Format(s.Budget_Member, budget.Name),
        _ => s.Budget_Workspace,
    };

    private static string BudgetAmount(BudgetMailSubject budget, long amount, EmailStrings s) =>
        budget.InYen ? "¥" + amount.ToString("N0", s.Culture) : s.Format(s.Budget_Tokens, amount.ToString("N0", s.Culture));

    private static string FormatDate(DateTimeOffset value, EmailStrings s)
    {
        var local = TimeZoneInfo.ConvertTime(value, TimeZone);
        var offset = local.Offset;
        var sign = offset < TimeSpan.Zero ? "-" : "+";
        return local.ToString(s.DateTimeFormat, s.Culture) + $" (UTC{sign}{offset:hh\\:mm})";
    }
}
