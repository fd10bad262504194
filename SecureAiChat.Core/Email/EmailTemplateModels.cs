namespace SecureAiChat.Core.Email;

/// <summary>Data for the welcome email sent when provisioning finishes.</summary>
/// <param name="To">The admin's address.</param>
/// <param name="CompanyName">Company (tenant) name.</param>
/// <param name="AdminName">The admin's display name.</param>
/// <param name="WorkspaceUrl">The workspace, e.g. https://acme.secure-ai-chat.com/.</param>
/// <param name="SignInUrl">The workspace's sign-in page.</param>
/// <param name="ConfirmEmailUrl">The email confirmation link.</param>
/// <param name="FirstSteps">The first onboarding checklist steps, already localized; null uses the built-in day-1 steps.</param>
public sealed record WelcomeEmail(
    string To, string CompanyName, string AdminName, Uri WorkspaceUrl, Uri SignInUrl, Uri ConfirmEmailUrl,
    IReadOnlyList<string>? FirstSteps = null);

/// <summary>A sales inquiry from the platform site, for the confirmation and the notification emails.</summary>
/// <param name="CompanyName">Company.</param>
/// <param name="ContactName">The requester's name.</param>
/// <param name="Email">The requester's address.</param>
/// <param name="Phone">Phone number, if given.</param>
/// <param name="ExpectedSeats">Expected number of users, if given.</param>
/// <param name="PreferredPlan">Code of the plan the requester is interested in (as the plan catalog names it), if any. A
/// string, not Plans' <c>PlanCode</c>: Email sits below Plans and must not use it.</param>
/// <param name="Message">Free text, if given.</param>
public sealed record SalesInquiryEmail(
    string CompanyName, string ContactName, string Email, string? Phone, int? ExpectedSeats, string? PreferredPlan, string? Message);

/// <summary>Data for an invitation to join a workspace.</summary>
/// <param name="To">The invitee's address.</param>
/// <param name="InviterName">Who invited them.</param>
/// <param name="WorkspaceName">The workspace (company) name.</param>
/// <param name="AcceptUrl">The single-use accept link.</param>
/// <param name="ExpiresAt">When the invitation expires; shown in <c>EmailTemplates.TimeZone</c>.</param>
public sealed record InvitationEmail(string To, string InviterName, string WorkspaceName, Uri AcceptUrl, DateTimeOffset ExpiresAt);

/// <summary>Data for a password reset email.</summary>
/// <param name="To">The user's address.</param>
/// <param name="UserName">The user's display name.</param>
/// <param name="ResetUrl">The reset link.</param>
/// <param name="ValidFor">How long the link works.</param>
public sealed record PasswordResetEmail(string To, string UserName, Uri ResetUrl, TimeSpan ValidFor);

/// <summary>Data for an email address confirmation.</summary>
/// <param name="To">The address to confirm.</param>
/// <param name="UserName">The user's display name.</param>
/// <param name="ConfirmUrl">The confirmation link.</param>
public sealed record EmailConfirmationEmail(string To, string UserName, Uri ConfirmUrl);

/// <summary>Data for a usage alert to a tenant admin at 80% or 100% of the monthly allowance.</summary>
/// <param name="To">The admin's address.</param>
/// <param name="WorkspaceName">The workspace (company) name.</param>
/// <param name="UsedTokens">Tokens used this month.</param>
/// <param name="AllowanceTokens">The month's allowance.</param>
/// <param name="ApiSettingsUrl">The workspace's AI settings page.</param>
public sealed record UsageAlertEmail(string To, string WorkspaceName, long UsedTokens, long AllowanceTokens, Uri ApiSettingsUrl)
{
    /// <summary>Share of the allowance used, in whole percent, rounded down so 99.9% never reads as 100%.</summary>
    public int PercentUsed => AllowanceTokens <= 0 ? 100 : (int)Math.Min(int.MaxValue, UsedTokens * 100 / AllowanceTokens);

    /// <summary>True when the allowance is used up.</summary>
    public bool IsLimitReached => UsedTokens >= AllowanceTokens;
}

/// <summary>A broken audit chain: <paramref name="ChainName"/> is the workspace identifier or "platform".</summary>
public sealed record AuditChainBrokenEmail(string To, string ChainName, long FirstBrokenSequence, string Problem);

/// <summary>A month's closing audit hash: the last entry of <paramref name="Month"/> (its first day) in the workspace's chain.</summary>
public sealed record AuditMonthlyHashEmail(string To, string WorkspaceName, DateOnly Month, long Sequence, string Hash, Uri AuditLogUrl);

/// <summary>A month's usage summary for an Owner or Admin, with the chargeback per department.</summary>
public sealed record UsageMonthlyReportEmail(
    string To, string WorkspaceName, DateOnly Month, int ActiveMembers, int Answers, long Tokens, decimal? CostYen,
    IReadOnlyList<(string Department, long YenExcludingTax)> Departments, byte[] ChargebackCsv, Uri AnalyticsUrl);

/// <summary>Data for the mail that an export is ready.</summary>
/// <param name="To">The requester's address.</param>
/// <param name="UserName">The requester's display name.</param>
/// <param name="WorkspaceName">The workspace (company) name.</param>
/// <param name="WholeWorkspace">True for the Owner's full workspace export, false for a member's own conversations.</param>
/// <param name="DownloadUrl">The single-use link (holds the token: never logged).</param>
/// <param name="ExpiresAt">When the link stops working; shown in <c>EmailTemplates.TimeZone</c>.</param>
public sealed record DataExportReadyEmail(string To, string UserName, string WorkspaceName, bool WholeWorkspace, Uri DownloadUrl, DateTimeOffset ExpiresAt);

/// <summary>Whose budget a budget mail is about.</summary>
public enum BudgetMailScope
{
    Workspace,
    Department,
    Member,
}

/// <summary>
/// Which budget a budget mail is about, and its unit: <paramref name="Name"/> is the department or member where the
/// scope has one; amounts are yen when <paramref name="InYen"/>, else tokens. The mail's own terms, so Email does not
/// depend on Budgets (which sends these mails).
/// </summary>
public sealed record BudgetMailSubject(BudgetMailScope Scope, string? Name, bool InYen);

/// <summary>A budget reached 50, 80 or 100% of its period's limit (grants included); amounts in whole yen or tokens.</summary>
public sealed record BudgetAlertEmail(
    string To, string WorkspaceName, BudgetMailSubject Budget, int Threshold, long Spent, long Limit, string PeriodKey, bool HardStop, Uri Url);

/// <summary>A member asked for more budget: to each approver.</summary>
public sealed record BudgetRequestEmail(
    string To, string WorkspaceName, string RequesterName, BudgetMailSubject Budget, long Amount, string Reason, string PeriodKey, Uri Url);

/// <summary>The decision on a member's request: <paramref name="Approved"/> is null when denied.</summary>
public sealed record BudgetDecisionEmail(
    string To, string WorkspaceName, BudgetMailSubject Budget, long Requested, long? Approved, string? Comment, DateTimeOffset PeriodEnd, Uri Url);

/// <summary>An Owner's break-glass access to the member's conversations is open until <paramref name="EndsAt"/>.</summary>
public sealed record BreakGlassOpenedEmail(string To, string UserName, string WorkspaceName, string RequesterName, DateTimeOffset EndsAt, Uri AppUrl);

/// <summary>An alert opened (<paramref name="ClosedAt"/> null) or cleared; <paramref name="Scope"/> names the workspace or "Secure AI Chat".</summary>
public sealed record AlertEmail(string To, string Scope, string Title, string Advice, DateTimeOffset OpenedAt, DateTimeOffset? ClosedAt, Uri Url);
