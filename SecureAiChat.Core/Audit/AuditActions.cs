namespace SecureAiChat.Core.Audit;

/// <summary>
/// Stable action codes ("category.subject.verb"). Stored in entries and hashed: never rename one; add a new code
/// instead. The category (text before the first dot) drives the viewer's filter; labels are localized by code.
/// </summary>
public static class AuditActions
{
    public const string SignInSucceeded = "auth.signin.succeeded";
    public const string SignInFailed = "auth.signin.failed";
    public const string SignedOut = "auth.signout";
    public const string LockedOut = "auth.lockout";
    public const string PasswordChanged = "auth.password.changed";
    public const string PasswordReset = "auth.password.reset";
    public const string TwoFactorEnabled = "auth.2fa.enabled";
    public const string TwoFactorDisabled = "auth.2fa.disabled";
    public const string RecoveryCodeUsed = "auth.2fa.recovery_used";
    public const string SsoSignIn = "auth.sso.signin";
    public const string SsoRefused = "auth.sso.refused";

    public const string InvitationSent = "team.invitation.sent";
    public const string InvitationResent = "team.invitation.resent";
    public const string InvitationRevoked = "team.invitation.revoked";
    public const string InvitationAccepted = "team.invitation.accepted";
    public const string RoleChanged = "team.member.role_changed";
    public const string MemberDeactivated = "team.member.deactivated";
    public const string MemberReactivated = "team.member.reactivated";
    public const string DepartmentCreated = "team.department.created";
    public const string DepartmentRenamed = "team.department.renamed";
    public const string DepartmentDeleted = "team.department.deleted";
    public const string DepartmentManagerAdded = "team.department.manager_added";
    public const string DepartmentManagerRemoved = "team.department.manager_removed";
    public const string MemberMoved = "team.member.moved";
    public const string RolloutChanged = "team.rollout.changed";

    public const string SecuritySettingsChanged = "settings.security.changed";
    public const string AiOptionChosen = "settings.ai.option_chosen";
    public const string AiKeyReplaced = "settings.ai.key_replaced";
    public const string AiKeyRemoved = "settings.ai.key_removed";
    public const string AiModelsChanged = "settings.ai.models_changed";
    public const string AiConnectionTested = "settings.ai.connection_tested";
    public const string SsoSettingsChanged = "settings.sso.changed";
    public const string DirectoryLinked = "settings.sso.directory_linked";
    public const string DirectoryUnlinked = "settings.sso.directory_unlinked";
    public const string AuditRetentionChanged = "settings.audit.retention_changed";
    public const string DataProtectionChanged = "settings.data_protection.changed";
    public const string DataRetentionChanged = "settings.data_retention.changed";
    public const string IpAllowRuleAdded = "settings.ip_allowlist.added";
    public const string IpAllowRuleRemoved = "settings.ip_allowlist.removed";
    public const string BudgetSaved = "settings.budget.saved";
    public const string BudgetDeleted = "settings.budget.deleted";
    public const string BudgetFiscalYearChanged = "settings.budget.fiscal_year_changed";
    public const string BudgetRequested = "settings.budget.request_created";
    public const string BudgetRequestApproved = "settings.budget.request_approved";
    public const string BudgetRequestDenied = "settings.budget.request_denied";

    public const string GuidelinePublished = "content.guideline.published";
    public const string TemplateCreated = "content.template.created";
    public const string TemplateChanged = "content.template.changed";
    public const string TemplateDeleted = "content.template.deleted";

    /// <summary>Personal data found in a message sent to the model: categories, counts and actions, never the values.</summary>
    public const string PersonalDataDetected = "content.personal_data.detected";

    /// <summary>The daily retention run's receipt: how many conversations and messages it deleted, never which.</summary>
    public const string RetentionRun = "content.retention.deleted";
    public const string LegalHoldPlaced = "content.legal_hold.placed";
    public const string LegalHoldLifted = "content.legal_hold.lifted";

    /// <summary>Break-glass access (緊急閲覧) to one member's conversations: requested, approved by another Owner or an Auditor,
    /// confirmed by the single Owner with password and 2FA, denied, revoked early, expired (its end passed).</summary>
    public const string BreakGlassRequested = "content.break_glass.requested";
    public const string BreakGlassApproved = "content.break_glass.approved";
    public const string BreakGlassConfirmed = "content.break_glass.confirmed";
    public const string BreakGlassDenied = "content.break_glass.denied";
    public const string BreakGlassRevoked = "content.break_glass.revoked";
    public const string BreakGlassExpired = "content.break_glass.expired";

    /// <summary>The requester of an open break-glass grant opened one of the member's conversations (its id, never its content).</summary>
    public const string BreakGlassConversationOpened = "content.break_glass.conversation_opened";

    /// <summary>An Owner asked to close the workspace (read-only until the scheduled deletion), or restored it.</summary>
    public const string WorkspaceClosureRequested = "settings.workspace.closure_requested";
    public const string WorkspaceClosureRestored = "settings.workspace.closure_restored";

    /// <summary>The closure job deleted a workspace's data (platform chain): the certificate's counts and hash, nothing else.</summary>
    public const string WorkspaceDeleted = "platform.workspace.deleted";

    public const string UsageExported = "export.usage";
    public const string AuditExported = "export.audit";

    /// <summary>An operator downloaded the tenant list (details: the filters and the row count).</summary>
    public const string TenantsExported = "export.tenants";

    /// <summary>An operator downloaded the invoice list as CSV (details: the filter and row count).</summary>
    public const string InvoicesExported = "export.invoices";

    /// <summary>An Owner asked for the whole workspace's export, or a member for their own conversations (details: the kind).</summary>
    public const string DataExportRequested = "export.data.requested";

    /// <summary>A built export was downloaded through its single-use link.</summary>
    public const string DataExportDownloaded = "export.data.downloaded";
    public const string AuditVerified = "audit.verified";
    public const string AuditPurged = "audit.purged";

    public const string OperatorSignIn = "platform.operator.signin";
    public const string ProvisioningRetried = "platform.provisioning.retried";
    public const string LeadChanged = "platform.lead.changed";

    /// <summary>An operator emptied a workspace's IP allow-list (an Owner locked everyone out), with the reason given.</summary>
    public const string IpAllowListCleared = "platform.ip_allowlist.cleared";

    /// <summary>An operator changed a workspace's plan (details: from, to, custom seats and allowance, reason).</summary>
    public const string TenantPlanChanged = "platform.tenant.plan_changed";

    /// <summary>An operator suspended a workspace (details: the reason category and text).</summary>
    public const string TenantSuspended = "platform.tenant.suspended";

    /// <summary>An operator resumed a suspended workspace (details: the reason).</summary>
    public const string TenantResumed = "platform.tenant.resumed";

    /// <summary>An operator sent a workspace's welcome mail again (details: the reason).</summary>
    public const string TenantWelcomeResent = "platform.tenant.welcome_resent";

    /// <summary>The monthly job issued a workspace's invoice (details: number, month, total).</summary>
    public const string InvoiceIssued = "platform.invoice.issued";

    /// <summary>An operator recorded an invoice's payment (details: method, date, reason).</summary>
    public const string InvoicePaid = "platform.invoice.paid";

    /// <summary>An operator issued a quote (見積書) for a sales lead (details: number, plan, seats, months, total).</summary>
    public const string QuoteIssued = "platform.quote.issued";
    /// <summary>
    /// PoC trials (platform chain): an operator started one from a sales lead, granted, extended, ended or converted one
    /// (details: dates, plan, reason); the trial job let one expire (read-only, deletion date).
    /// </summary>
    public const string TrialStarted = "platform.trial.started";
    public const string TrialGranted = "platform.trial.granted";
    public const string TrialExtended = "platform.trial.extended";
    public const string TrialEnded = "platform.trial.ended";
    public const string TrialConverted = "platform.trial.converted";
    public const string TrialExpired = "platform.trial.expired";

    /// <summary>An Owner upgraded the plan (effective at once) or scheduled a downgrade for the next billing period.</summary>
    public const string PlanUpgraded = "settings.plan.upgraded";
    public const string PlanDowngradeScheduled = "settings.plan.downgrade_scheduled";

    /// <summary>An Owner withdrew a scheduled downgrade before it took effect.</summary>
    public const string PlanDowngradeCancelled = "settings.plan.downgrade_cancelled";

    /// <summary>An Owner or Admin changed the workspace's alert thresholds (details: each changed field, before and after).</summary>
    public const string AlertSettingsChanged = "settings.alerts.changed";
    /// <summary>A member sent a support request (workspace chain); the operators' handling of it is in the platform chain.</summary>
    public const string SupportRequested = "settings.support.requested";
    public const string SupportAssigned = "platform.support.assigned";
    public const string SupportReplied = "platform.support.replied";
    public const string SupportClosed = "platform.support.closed";

    /// <summary>An operator opened a screenshot attached to a workspace's support request.</summary>
    public const string SupportAttachmentViewed = "platform.support.attachment_viewed";

    /// <summary>A member posted a feature request (workspace chain).</summary>
    public const string FeatureRequested = "settings.feature.requested";

    /// <summary>An operator filed requests under a topic, or set their status and public note (platform chain).</summary>
    public const string FeatureTopicAssigned = "platform.feature.topic_assigned";
    public const string FeatureStatusSet = "platform.feature.status_set";

    /// <summary>The category of a code: its first segment.</summary>
    public static string CategoryOf(string action)
    {
        var dot = action.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? action : action[..dot];
    }

    public static readonly IReadOnlyList<string> Categories = ["auth", "team", "settings", "content", "export", "audit", "platform"];
}
