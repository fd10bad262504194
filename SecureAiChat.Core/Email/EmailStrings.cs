using System.Globalization;
using System.Resources;

namespace SecureAiChat.Core.Email;

/// <summary>
/// Strongly-typed access to EmailStrings.resx (Japanese, the default) and EmailStrings.en.resx,
/// bound to one culture: an email is rendered in the recipient's language, not the thread's.
/// Property names are the resource keys.
/// </summary>
internal sealed class EmailStrings(CultureInfo culture)
{
    private static readonly ResourceManager Resources = new("SecureAiChat.Core.Email.EmailStrings", typeof(EmailStrings).Assembly);

    public CultureInfo Culture { get; } = culture;

    public string Greeting => Get(nameof(Greeting));

    public string Footer => Get(nameof(Footer));

    public string ButtonFallback => Get(nameof(ButtonFallback));

    public string DateTimeFormat => Get(nameof(DateTimeFormat));

    public string NotSpecified => Get(nameof(NotSpecified));

    public string Welcome_Subject => Get(nameof(Welcome_Subject));

    public string Welcome_Heading => Get(nameof(Welcome_Heading));

    public string Welcome_Intro => Get(nameof(Welcome_Intro));

    public string Welcome_WorkspaceUrl => Get(nameof(Welcome_WorkspaceUrl));

    public string Welcome_HowToSignIn => Get(nameof(Welcome_HowToSignIn));

    public string Welcome_SignInButton => Get(nameof(Welcome_SignInButton));

    public string Welcome_ConfirmIntro => Get(nameof(Welcome_ConfirmIntro));

    public string Welcome_ConfirmButton => Get(nameof(Welcome_ConfirmButton));

    public string Welcome_StepsHeading => Get(nameof(Welcome_StepsHeading));

    public string Welcome_Step1 => Get(nameof(Welcome_Step1));

    public string Welcome_Step2 => Get(nameof(Welcome_Step2));

    public string Welcome_Step3 => Get(nameof(Welcome_Step3));

    public string SalesConfirm_Subject => Get(nameof(SalesConfirm_Subject));

    public string SalesConfirm_Body => Get(nameof(SalesConfirm_Body));

    public string SalesConfirm_Summary => Get(nameof(SalesConfirm_Summary));

    public string SalesNotify_Subject => Get(nameof(SalesNotify_Subject));

    public string SalesNotify_Body => Get(nameof(SalesNotify_Body));

    public string Field_Company => Get(nameof(Field_Company));

    public string Field_Name => Get(nameof(Field_Name));

    public string Field_Email => Get(nameof(Field_Email));

    public string Field_Phone => Get(nameof(Field_Phone));

    public string Field_Seats => Get(nameof(Field_Seats));

    public string Field_Plan => Get(nameof(Field_Plan));

    public string Field_Message => Get(nameof(Field_Message));

    public string Invite_Subject => Get(nameof(Invite_Subject));

    public string Invite_Heading => Get(nameof(Invite_Heading));

    public string Invite_Body => Get(nameof(Invite_Body));

    public string Invite_Button => Get(nameof(Invite_Button));

    public string Invite_Expiry => Get(nameof(Invite_Expiry));

    public string Reset_Subject => Get(nameof(Reset_Subject));

    public string Reset_Body => Get(nameof(Reset_Body));

    public string Reset_Button => Get(nameof(Reset_Button));

    public string Reset_Validity => Get(nameof(Reset_Validity));

    public string Reset_NotYou => Get(nameof(Reset_NotYou));

    public string Confirm_Subject => Get(nameof(Confirm_Subject));

    public string Confirm_Body => Get(nameof(Confirm_Body));

    public string Confirm_Button => Get(nameof(Confirm_Button));

    public string Usage_WarningSubject => Get(nameof(Usage_WarningSubject));

    public string Usage_LimitSubject => Get(nameof(Usage_LimitSubject));

    public string Usage_Body => Get(nameof(Usage_Body));

    public string Usage_WarningAdvice => Get(nameof(Usage_WarningAdvice));

    public string Usage_LimitAdvice => Get(nameof(Usage_LimitAdvice));

    public string Usage_Button => Get(nameof(Usage_Button));

    public string Alert_OpenedSubject => Get(nameof(Alert_OpenedSubject));

    public string Alert_ClosedSubject => Get(nameof(Alert_ClosedSubject));

    public string Alert_OpenedBody => Get(nameof(Alert_OpenedBody));

    public string Alert_ClosedBody => Get(nameof(Alert_ClosedBody));

    public string Alert_Button => Get(nameof(Alert_Button));

    public string AuditBroken_Subject => Get(nameof(AuditBroken_Subject));

    public string AuditBroken_Body => Get(nameof(AuditBroken_Body));

    public string AuditBroken_Advice => Get(nameof(AuditBroken_Advice));

    public string AuditMonthly_Subject => Get(nameof(AuditMonthly_Subject));

    public string AuditMonthly_Body => Get(nameof(AuditMonthly_Body));

    public string AuditMonthly_Sequence => Get(nameof(AuditMonthly_Sequence));

    public string AuditMonthly_Hash => Get(nameof(AuditMonthly_Hash));

    public string AuditMonthly_HowTo => Get(nameof(AuditMonthly_HowTo));

    public string AuditMonthly_Button => Get(nameof(AuditMonthly_Button));

    public string AuditMonthly_MonthFormat => Get(nameof(AuditMonthly_MonthFormat));

    public string UsageMonthly_Subject => Get(nameof(UsageMonthly_Subject));

    public string UsageMonthly_Body => Get(nameof(UsageMonthly_Body));

    public string UsageMonthly_ActiveMembers => Get(nameof(UsageMonthly_ActiveMembers));

    public string UsageMonthly_Answers => Get(nameof(UsageMonthly_Answers));

    public string UsageMonthly_Tokens => Get(nameof(UsageMonthly_Tokens));

    public string UsageMonthly_Cost => Get(nameof(UsageMonthly_Cost));

    public string UsageMonthly_Departments => Get(nameof(UsageMonthly_Departments));

    public string UsageMonthly_Attachment => Get(nameof(UsageMonthly_Attachment));

    public string UsageMonthly_Button => Get(nameof(UsageMonthly_Button));

    public string UsageMonthly_NoDepartment => Get(nameof(UsageMonthly_NoDepartment));

    public string UsageMonthly_DeletedDepartment => Get(nameof(UsageMonthly_DeletedDepartment));

    public string DataExport_Subject => Get(nameof(DataExport_Subject));

    public string DataExport_SubjectMember => Get(nameof(DataExport_SubjectMember));

    public string DataExport_Body => Get(nameof(DataExport_Body));

    public string DataExport_BodyMember => Get(nameof(DataExport_BodyMember));

    public string DataExport_Button => Get(nameof(DataExport_Button));

    public string DataExport_Validity => Get(nameof(DataExport_Validity));

    public string DataExport_SignIn => Get(nameof(DataExport_SignIn));

    public string BreakGlass_Subject => Get(nameof(BreakGlass_Subject));

    public string BreakGlass_Body => Get(nameof(BreakGlass_Body));

    public string BreakGlass_FieldRequester => Get(nameof(BreakGlass_FieldRequester));

    public string BreakGlass_FieldUntil => Get(nameof(BreakGlass_FieldUntil));

    public string BreakGlass_Recorded => Get(nameof(BreakGlass_Recorded));

    public string BreakGlass_Button => Get(nameof(BreakGlass_Button));

    public string Budget_Workspace => Get(nameof(Budget_Workspace));

    public string Budget_Department => Get(nameof(Budget_Department));

    public string Budget_Member => Get(nameof(Budget_Member));

    public string Budget_Tokens => Get(nameof(Budget_Tokens));

    public string Budget_FieldBudget => Get(nameof(Budget_FieldBudget));

    public string Budget_FieldPeriod => Get(nameof(Budget_FieldPeriod));

    public string Budget_FieldUsed => Get(nameof(Budget_FieldUsed));

    public string Budget_FieldRequested => Get(nameof(Budget_FieldRequested));

    public string Budget_FieldApproved => Get(nameof(Budget_FieldApproved));

    public string Budget_FieldReason => Get(nameof(Budget_FieldReason));

    public string Budget_FieldComment => Get(nameof(Budget_FieldComment));

    public string Budget_FieldRequester => Get(nameof(Budget_FieldRequester));

    public string BudgetAlert_Subject => Get(nameof(BudgetAlert_Subject));

    public string BudgetAlert_Body => Get(nameof(BudgetAlert_Body));

    public string BudgetAlert_HardStopAdvice => Get(nameof(BudgetAlert_HardStopAdvice));

    public string BudgetAlert_AlertOnlyAdvice => Get(nameof(BudgetAlert_AlertOnlyAdvice));

    public string BudgetAlert_Button => Get(nameof(BudgetAlert_Button));

    public string BudgetRequest_Subject => Get(nameof(BudgetRequest_Subject));

    public string BudgetRequest_Body => Get(nameof(BudgetRequest_Body));

    public string BudgetRequest_Button => Get(nameof(BudgetRequest_Button));

    public string BudgetDecision_ApprovedSubject => Get(nameof(BudgetDecision_ApprovedSubject));

    public string BudgetDecision_DeniedSubject => Get(nameof(BudgetDecision_DeniedSubject));

    public string BudgetDecision_ApprovedBody => Get(nameof(BudgetDecision_ApprovedBody));

    public string BudgetDecision_DeniedBody => Get(nameof(BudgetDecision_DeniedBody));

    public string BudgetDecision_Button => Get(nameof(BudgetDecision_Button));

    public string Format(string format, params object?[] args) => string.Format(Culture, format, args);

    private string Get(string name) =>
        Resources.GetString(name, Culture) ?? throw new InvalidOperationException($"Missing email resource '{name}'.");
}
