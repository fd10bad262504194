using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using SecureAiChat.Core.Audit;
using SecureAiChat.Core.Chat;
using SecureAiChat.Core.DataGovernance;
using SecureAiChat.Core.Feedback;
using SecureAiChat.Core.Guidelines;
using SecureAiChat.Core.Identity;
using SecureAiChat.Core.Onboarding;
using SecureAiChat.Core.PersonalData;
using SecureAiChat.Core.Templates;
using SecureAiChat.Core.Providers.Settings;
using SecureAiChat.Core.Provisioning;
using SecureAiChat.Core.Sales;
using SecureAiChat.Core.Settings;
using SecureAiChat.Core.Security;
using SecureAiChat.Core.Security.AllowList;
using SecureAiChat.Core.Sso;
using SecureAiChat.Core.Team;
using SecureAiChat.Core.Tenancy;
using SecureAiChat.Core.Usage;

namespace SecureAiChat.Core.Data;

/// <summary>
/// The application's data. Tenant isolation is on by default: every tenant-owned entity carries the
/// named "Tenant" query filter and SaveChanges refuses rows of any other tenant.
/// This type is the SQLite model; <see cref="SqlServerAppDbContext"/> and <see cref="PostgreSqlAppDbContext"/>
/// hold the SQL Server and PostgreSQL migrations.
/// </summary>
public class AppDbContext
    : IdentityDbContext<AppUser, AppRole, string, AppUserClaim, AppUserRole, AppUserLogin, AppRoleClaim, AppUserToken, AppUserPasskey>,
      IDataProtectionKeyContext
{
    private readonly ICurrentTenant _currentTenant;
    private List<string>? _changedSettingsTenants;

    /// <summary>The workspace's status as read inside a transaction (see <see cref="StatusRead"/>).</summary>
    internal (Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction? Transaction, TenantStatus? Status) StatusReadInTransaction { get; set; }

    /// <summary>
    /// Tells the closing-workspace guard (<see cref="DataGovernance.Closure.WorkspaceReadOnly"/>) the workspace's status
    /// this context has just read inside its current transaction (the answer's admission reads it with its other
    /// checks): a save in the same transaction uses it instead of reading it again, which is as current as the guard's
    /// own read a moment later and one round trip less before an answer's first token. Here rather than on the guard so
    /// the admission (Usage) does not depend on DataGovernance.
    /// </summary>
    public void StatusRead(TenantStatus? status) =>
        StatusReadInTransaction = (Database.CurrentTransaction ?? throw new InvalidOperationException("Read the status inside the transaction of the save."), status);

    /// <summary>
    /// The closing-workspace guard for rows inserted without the change tracker (no save sees them), from the status
    /// this context read in its current transaction (<see cref="StatusRead"/>): none while closing or closed.
    /// </summary>
    public void EnsureWritableUntracked()
    {
        var (transaction, status) = StatusReadInTransaction;
        if (transaction is null || !ReferenceEquals(transaction, Database.CurrentTransaction))
            throw new InvalidOperationException("Read the status inside the transaction of the insert.");
        DataGovernance.Closure.WorkspaceReadOnly.EnsureWritable(status);
    }

    public AppDbContext(DbContextOptions<AppDbContext> options, ICurrentTenant currentTenant)
        : this((DbContextOptions)options, currentTenant)
    {
    }

    /// <summary>For provider-specific subclasses, which bring their own typed options.</summary>
    protected AppDbContext(DbContextOptions options, ICurrentTenant currentTenant)
        : base(options) => _currentTenant = currentTenant;

    /// <summary>The tenant every query is filtered by; null matches no row at all.</summary>
    public string? CurrentTenantId => _currentTenant.TenantId;

    public DbSet<AppTenantInfo> Tenants => Set<AppTenantInfo>();

    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<Conversation> Conversations => Set<Conversation>();

    public DbSet<ConversationMessage> ChatMessages => Set<ConversationMessage>();

    public DbSet<UsageRecord> UsageRecords => Set<UsageRecord>();

    public DbSet<UsageHourlyRollup> UsageHourlyRollups => Set<UsageHourlyRollup>();

    public DbSet<UsageDailyRollup> UsageDailyRollups => Set<UsageDailyRollup>();

    public DbSet<UsageRollupState> UsageRollupStates => Set<UsageRollupState>();

    public DbSet<UsageMonthlyReportNotice> UsageMonthlyReportNotices => Set<UsageMonthlyReportNotice>();

    public DbSet<ActiveAnswer> ActiveAnswers => Set<ActiveAnswer>();
    public DbSet<TokenReservation> TokenReservations => Set<TokenReservation>();
    public DbSet<TokenPool> TokenPools => Set<TokenPool>();

    public DbSet<Budgets.Budget> Budgets => Set<Budgets.Budget>();

    public DbSet<Budgets.BudgetLedger> BudgetLedgers => Set<Budgets.BudgetLedger>();

    public DbSet<Budgets.BudgetReservation> BudgetReservations => Set<Budgets.BudgetReservation>();

    public DbSet<Budgets.BudgetAlert> BudgetAlerts => Set<Budgets.BudgetAlert>();

    public DbSet<Budgets.BudgetRequest> BudgetRequests => Set<Budgets.BudgetRequest>();

    public DbSet<DepartmentManager> DepartmentManagers => Set<DepartmentManager>();

    public DbSet<ProvisioningRequest> ProvisioningRequests => Set<ProvisioningRequest>();

    public DbSet<Plans.PlanChange> PlanChanges => Set<Plans.PlanChange>();

    public DbSet<Billing.Invoice> Invoices => Set<Billing.Invoice>();

    public DbSet<Billing.InvoiceLine> InvoiceLines => Set<Billing.InvoiceLine>();

    public DbSet<Billing.DocumentNumberSequence> DocumentNumberSequences => Set<Billing.DocumentNumberSequence>();

    public DbSet<ProvisioningStepRecord> ProvisioningSteps => Set<ProvisioningStepRecord>();

    public DbSet<SubdomainReservation> SubdomainReservations => Set<SubdomainReservation>();

    public DbSet<SalesLead> SalesLeads => Set<SalesLead>();

    public DbSet<SalesLeadChange> SalesLeadChanges => Set<SalesLeadChange>();

    public DbSet<WorkspaceLoginLink> WorkspaceLoginLinks => Set<WorkspaceLoginLink>();

    public DbSet<WorkspaceSettings> WorkspaceSettings => Set<WorkspaceSettings>();

    public DbSet<PromptTemplate> PromptTemplates => Set<PromptTemplate>();

    public DbSet<TemplateUseDay> TemplateUseDays => Set<TemplateUseDay>();

    public DbSet<UsageGuideline> UsageGuidelines => Set<UsageGuideline>();

    public DbSet<OnboardingItem> OnboardingItems => Set<OnboardingItem>();

    public DbSet<OnboardingWizardState> OnboardingWizardStates => Set<OnboardingWizardState>();

    public DbSet<PromptLibrarySettings> PromptLibrarySettings => Set<PromptLibrarySettings>();

    public DbSet<GuidelineVersion> GuidelineVersions => Set<GuidelineVersion>();

    public DbSet<GuidelineAcceptance> GuidelineAcceptances => Set<GuidelineAcceptance>();

    public DbSet<FeedbackEntry> FeedbackEntries => Set<FeedbackEntry>();

    public DbSet<Support.SupportRequest> SupportRequests => Set<Support.SupportRequest>();
    public DbSet<Support.SupportAttachment> SupportAttachments => Set<Support.SupportAttachment>();
    public DbSet<Support.SupportReply> SupportReplies => Set<Support.SupportReply>();
    public DbSet<FeatureRequests.FeatureRequest> FeatureRequests => Set<FeatureRequests.FeatureRequest>();
    public DbSet<FeatureRequests.FeatureVote> FeatureVotes => Set<FeatureRequests.FeatureVote>();
    public DbSet<FeatureRequests.FeatureTopic> FeatureTopics => Set<FeatureRequests.FeatureTopic>();
    public DbSet<Satisfaction.SatisfactionResponse> SatisfactionResponses => Set<Satisfaction.SatisfactionResponse>();

    public DbSet<AlertRule> AlertRules => Set<AlertRule>();
    public DbSet<TenantSsoSettings> TenantSsoSettings => Set<TenantSsoSettings>();

    public DbSet<Invitation> Invitations => Set<Invitation>();

    public DbSet<Department> Departments => Set<Department>();

    public DbSet<TeamSettings> TeamSettings => Set<TeamSettings>();

    public DbSet<SecuritySettings> SecuritySettings => Set<SecuritySettings>();

    public DbSet<PersonalDataPolicy> PersonalDataPolicies => Set<PersonalDataPolicy>();

    public DbSet<SettingsChange> SettingsChanges => Set<SettingsChange>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<PlatformAuditEntry> PlatformAuditEntries => Set<PlatformAuditEntry>();
    public DbSet<AuditChainHead> AuditChainHeads => Set<AuditChainHead>();
    public DbSet<AuditDailyHash> AuditDailyHashes => Set<AuditDailyHash>();
    public DbSet<AuditMonthlyNotice> AuditMonthlyNotices => Set<AuditMonthlyNotice>();
    public DbSet<AiProviderSettings> AiProviderSettings => Set<AiProviderSettings>();

    public DbSet<UsageAlertNotice> UsageAlertNotices => Set<UsageAlertNotice>();

    public DbSet<Alerts.WorkspaceAlert> WorkspaceAlerts => Set<Alerts.WorkspaceAlert>();

    public DbSet<Alerts.PlatformAlert> PlatformAlerts => Set<Alerts.PlatformAlert>();

    public DbSet<UserSession> UserSessions => Set<UserSession>();

    public DbSet<ThrottleWindow> ThrottleWindows => Set<ThrottleWindow>();

    public DbSet<RetentionPolicy> RetentionPolicies => Set<RetentionPolicy>();

    public DbSet<DepartmentRetention> DepartmentRetentions => Set<DepartmentRetention>();

    public DbSet<LegalHold> LegalHolds => Set<LegalHold>();

    public DbSet<DataGovernance.BreakGlass.BreakGlassGrant> BreakGlassGrants => Set<DataGovernance.BreakGlass.BreakGlassGrant>();
    public DbSet<IpAllowRule> IpAllowRules => Set<IpAllowRule>();

    public DbSet<DataGovernance.Export.DataExport> DataExports => Set<DataGovernance.Export.DataExport>();

    public DbSet<DataGovernance.Export.DataExportChunk> DataExportChunks => Set<DataGovernance.Export.DataExportChunk>();

    public DbSet<DataGovernance.Closure.DeletionCertificate> DeletionCertificates => Set<DataGovernance.Closure.DeletionCertificate>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly);
        UsageRecordConfiguration.IndexForRollups(builder.Entity<UsageRecord>(), Database.IsSqlite());
        TenantIsolation.Apply(builder, this);
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        TenantIsolation.EnforceOnSave(ChangeTracker, CurrentTenantId);
        DataGovernance.Closure.WorkspaceReadOnly.EnsureWritable(this, CurrentTenantId);
        BumpTenantVersions();
        if (AuditChainWriter.HasPending(ChangeTracker))
            throw new InvalidOperationException("Audit entries are sealed in a transaction: save them with SaveChangesAsync.");
        if (TenantsOfChangedVersionedRows().Count > 0)
            throw new InvalidOperationException("Rows cached per tenant version bump it in a transaction: save them with SaveChangesAsync.");
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        TenantIsolation.EnforceOnSave(ChangeTracker, CurrentTenantId);
        await DataGovernance.Closure.WorkspaceReadOnly.EnsureWritableAsync(this, CurrentTenantId, cancellationToken);
        BumpTenantVersions();
        var versioned = TenantsOfChangedVersionedRows();
        if (versioned.Count == 0) return await SaveAndSealAsync(acceptAllChangesOnSuccess, cancellationToken);
        if (Database.CurrentTransaction is not null)
        {
            var count = await SaveAndSealAsync(acceptAllChangesOnSuccess, cancellationToken);
            await BumpVersionsAsync(versioned, cancellationToken);
            return count;
        }

        // An explicit transaction under a retrying strategy must run inside the strategy, as a whole.
        var saved = await Database.CreateExecutionStrategy().ExecuteAsync(this, async (context, ct) =>
        {
            await using var transaction = await context.Database.BeginTransactionAsync(ct);
            var count = await context.SaveAndSealAsync(false, ct);
            await context.BumpVersionsAsync(versioned, ct);
            await transaction.CommitAsync(ct);
            return count;
        }, cancellationToken);
        if (acceptAllChangesOnSuccess) ChangeTracker.AcceptAllChanges();
        return saved;
    }

    /// <summary>The tenants whose <see cref="ITenantVersioned"/> rows this context saved since the last commit or rollback.</summary>
    internal IReadOnlyList<string> TakeChangedSettingsTenants()
    {
        var tenants = _changedSettingsTenants;
        _changedSettingsTenants = null;
        return tenants ?? [];
    }

    private Task<int> SaveAndSealAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken) =>
        AuditChainWriter.HasPending(ChangeTracker)
            ? AuditChainWriter.SaveAsync(this, (accept, ct) => base.SaveChangesAsync(accept, ct), acceptAllChangesOnSuccess, cancellationToken)
            : base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);

    private List<string> TenantsOfChangedVersionedRows() => ChangeTracker.Entries<ITenantVersioned>()
        .Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
        .Select(e => e.Entity.TenantId).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>
    /// In the database, not read-modify-write: two admins saving at once must both move the version, or a poll between
    /// their commits could see the second change's version already and miss it. After the rows, in their transaction,
    /// so an instance that sees the new version also sees the rows. Inside the change's transaction only: this
    /// instance's caches move at its commit (<see cref="Tenancy.TenantSettingsCommits"/>).
    /// </summary>
    internal Task BumpVersionsAsync(IReadOnlyCollection<string> tenantIds, CancellationToken cancellationToken)
    {
        if (Database.CurrentTransaction is null)
            throw new InvalidOperationException("Bump tenant versions inside the transaction of the change.");
        (_changedSettingsTenants ??= []).AddRange(tenantIds);
        return Tenants.Where(t => tenantIds.Contains(t.Id)).ExecuteUpdateAsync(s => s.SetProperty(t => t.Version, t => t.Version + 1), cancellationToken);
    }

    // Every instance polls the versions (TenantChangeWatcher): a changed tenant must never keep its old one.
    private void BumpTenantVersions()
    {
        foreach (var entry in ChangeTracker.Entries<AppTenantInfo>())
        {
            if (entry.State == EntityState.Modified)
            {
                entry.Entity.Version++;
            }
        }
    }
}

/// <summary>The same model on SQL Server, with its own migrations folder.</summary>
public sealed class SqlServerAppDbContext(DbContextOptions<SqlServerAppDbContext> options, ICurrentTenant currentTenant)
    : AppDbContext(options, currentTenant);

/// <summary>The same model on PostgreSQL, with its own migrations folder.</summary>
public sealed class PostgreSqlAppDbContext(DbContextOptions<PostgreSqlAppDbContext> options, ICurrentTenant currentTenant)
    : AppDbContext(options, currentTenant);
