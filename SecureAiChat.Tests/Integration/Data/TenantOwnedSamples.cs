using SecureAiChat.Core.Audit;
using SecureAiChat.Core.Chat;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.DataGovernance;
using SecureAiChat.Core.DataGovernance.BreakGlass;
using SecureAiChat.Core.DataGovernance.Export;
using SecureAiChat.Core.FeatureRequests;
using SecureAiChat.Core.Feedback;
using SecureAiChat.Core.Guidelines;
using SecureAiChat.Core.Identity;
using SecureAiChat.Core.Onboarding;
using SecureAiChat.Core.PersonalData;
using SecureAiChat.Core.Templates;
using SecureAiChat.Core.Provisioning;
using SecureAiChat.Core.Providers.Settings;
using SecureAiChat.Core.Satisfaction;
using SecureAiChat.Core.Settings;
using SecureAiChat.Core.Usage;
using SecureAiChat.Core.Sso;
using SecureAiChat.Core.Security;
using SecureAiChat.Core.Security.AllowList;
using SecureAiChat.Core.Support;
using SecureAiChat.Core.Team;

namespace SecureAiChat.Tests.Integration.Data;

/// <summary>
/// How to create one valid row of every tenant-owned entity (with its parents) in the context's tenant.
/// <see cref="TenantIsolationTests.Every_tenant_owned_entity_has_a_sample"/> fails when a new entity is
/// added without a sample here, so no entity escapes the isolation tests.
/// </summary>
internal static class TenantOwnedSamples
{
    public static readonly IReadOnlyDictionary<Type, Func<AppDbContext, Task<object>>> Builders =
        new Dictionary<Type, Func<AppDbContext, Task<object>>>
        {
            [typeof(AppUser)] = async db => await UserAsync(db),
            [typeof(AppUserRole)] = async db => await AddAsync(db, new AppUserRole { UserId = (await UserAsync(db)).Id, RoleId = "member" }),
            [typeof(AppUserClaim)] = async db => await AddAsync(db, new AppUserClaim { UserId = (await UserAsync(db)).Id, ClaimType = "t", ClaimValue = "v" }),
            [typeof(AppUserLogin)] = async db => await AddAsync(db, new AppUserLogin
            {
                UserId = (await UserAsync(db)).Id, LoginProvider = "Entra", ProviderKey = Guid.NewGuid().ToString(), ProviderDisplayName = "Microsoft",
            }),
            [typeof(AppUserToken)] = async db => await AddAsync(db, new AppUserToken
            {
                UserId = (await UserAsync(db)).Id, LoginProvider = "[AspNetUserStore]", Name = "AuthenticatorKey", Value = "secret",
            }),
            [typeof(TenantSsoSettings)] = async db => await AddAsync(db, new TenantSsoSettings
            {
                DirectoryId = Guid.NewGuid().ToString(), AllowedDomains = "example.jp", Provisioning = SsoProvisioningMode.AllowedDomains,
            }),
            [typeof(AppUserPasskey)] = async db => await AddAsync(db, new AppUserPasskey
            {
                UserId = (await UserAsync(db)).Id,
                CredentialId = Guid.NewGuid().ToByteArray(),
                Data = new() { PublicKey = [1, 2, 3], Name = "key", CreatedAt = DateTimeOffset.UtcNow, Transports = [], AttestationObject = [1], ClientDataJson = [1] },
            }),
            [typeof(Conversation)] = async db => await ConversationAsync(db),
            [typeof(ConversationMessage)] = async db => await AddAsync(db, new ConversationMessage
            {
                ConversationId = (await ConversationAsync(db)).Id, Role = MessageRole.User, Content = "こんにちは", CreatedAt = DateTime.UtcNow,
            }),
            [typeof(UsageRecord)] = async db => await AddAsync(db, new UsageRecord
            {
                UserId = (await UserAsync(db)).Id, Model = "gpt-4o-mini", InputTokens = 10, OutputTokens = 5, CreatedAt = DateTime.UtcNow,
            }),
            [typeof(UsageHourlyRollup)] = async db => await AddAsync(db, new UsageHourlyRollup
            {
                Model = "gpt-4o-mini", HourStartUtc = new DateTime(2026, 11, 1, 3, 0, 0, DateTimeKind.Utc), Answers = 1, InputTokens = 10,
            }),
            [typeof(UsageDailyRollup)] = async db => await AddAsync(db, new UsageDailyRollup
            {
                UserId = (await UserAsync(db)).Id, DepartmentId = Guid.NewGuid(), Model = "gpt-4o-mini", Day = new DateOnly(2026, 11, 1), Answers = 1, CostYen = 1.5m,
            }),
            [typeof(UsageMonthlyReportNotice)] = async db => await AddAsync(db, new UsageMonthlyReportNotice { Month = $"{Random.Shared.Next(1000, 9999)}-{Random.Shared.Next(10, 99)}" }),
            [typeof(UsageRollupState)] = async db => await AddAsync(db, new UsageRollupState { WatermarkUtc = DateTime.UtcNow }),
            [typeof(PromptTemplate)] = async db => await AddAsync(db, new PromptTemplate { Key = Guid.NewGuid().ToString("N"), Title = "議事録要約", Body = "要約して" }),
            [typeof(TemplateUseDay)] = async db =>
            {
                var template = new PromptTemplate { Key = Guid.NewGuid().ToString("N"), Title = "メール下書き", Body = "書いて" };
                await AddAsync(db, template);
                return await AddAsync(db, new TemplateUseDay { TemplateId = template.Id, Day = new DateOnly(2026, 11, 1), Uses = 3 });
            },
            [typeof(UsageGuideline)] = async db => await AddAsync(db, new UsageGuideline { Title = "ガイドライン", Body = "本文" }),
            [typeof(OnboardingItem)] = async db => await AddAsync(db, new OnboardingItem { Key = Guid.NewGuid().ToString("N"), Phase = OnboardingPhase.Day1 }),
            [typeof(OnboardingWizardState)] = async db => await AddAsync(db, new OnboardingWizardState { CurrentStep = 1 }),
            [typeof(PromptLibrarySettings)] = async db => await AddAsync(db, new PromptLibrarySettings { MembersMayShare = true }),
            [typeof(GuidelineVersion)] = async db => await AddAsync(db, new GuidelineVersion
            {
                Number = Random.Shared.Next(1, 1_000_000), Title = "利用ルール", Body = "本文", PublishedByUserId = (await UserAsync(db)).Id, PublishedAt = DateTimeOffset.UtcNow,
            }),
            [typeof(GuidelineAcceptance)] = async db => await AddAsync(db, new GuidelineAcceptance
            {
                UserId = (await UserAsync(db)).Id, VersionNumber = 1, AcceptedAt = DateTimeOffset.UtcNow,
            }),
            [typeof(SupportRequest)] = async db => await SupportRequestAsync(db),
            [typeof(SupportAttachment)] = async db => await AddAsync(db, new SupportAttachment
            {
                RequestId = (await SupportRequestAsync(db)).Id, FileName = "screen.png", ContentType = "image/png", Length = 8,
                Content = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], CreatedAt = DateTimeOffset.UtcNow,
            }),
            [typeof(FeatureRequest)] = async db => await FeatureRequestAsync(db),
            [typeof(FeatureVote)] = async db => await AddAsync(db, new FeatureVote
            {
                RequestId = (await FeatureRequestAsync(db)).Id, UserId = (await UserAsync(db)).Id, CreatedAt = DateTimeOffset.UtcNow,
            }),
            [typeof(SatisfactionResponse)] = async db => await AddAsync(db, new SatisfactionResponse
            {
                UserId = (await UserAsync(db)).Id, Month = 202612, Score = 4, Comment = "使いやすい", AnsweredAt = DateTimeOffset.UtcNow,
            }),
            [typeof(FeedbackEntry)] = async db => await AddAsync(db, new FeedbackEntry
            {
                UserId = (await UserAsync(db)).Id, Rating = 5, Text = "便利です", CreatedAt = DateTimeOffset.UtcNow,
            }),
            [typeof(SecureAiChat.Core.Alerts.WorkspaceAlert)] = async db => await AddAsync(db, new SecureAiChat.Core.Alerts.WorkspaceAlert
            {
                Kind = SecureAiChat.Core.Alerts.WorkspaceAlertKind.FailureRate, OpenGuard = Guid.NewGuid().ToString("N"), OpenedAt = DateTime.UtcNow, Value = 50, Threshold = 20,
            }),
            [typeof(AlertRule)] = async db => await AddAsync(db, new AlertRule { Kind = AlertRuleKind.SystemAllowanceUsage, ThresholdPercent = Random.Shared.Next(1, 1_000_000) }),
            [typeof(Invitation)] = async db => await AddAsync(db, new Invitation
            {
                Email = "new@example.jp", NormalizedEmail = "NEW@EXAMPLE.JP", TokenHash = Guid.NewGuid().ToString("N"), InvitedByUserId = "u",
                CreatedAt = DateTimeOffset.UtcNow, SentAt = DateTimeOffset.UtcNow, ExpiresAt = DateTimeOffset.UtcNow.AddDays(7),
            }),
            [typeof(Department)] = async db => await AddAsync(db, new Department { Name = "営業部 " + Guid.NewGuid().ToString("N")[..6] }),
            [typeof(TeamSettings)] = async db => await AddAsync(db, new TeamSettings { ChatRollout = ChatRollout.SelectedDepartments }),
            [typeof(SecuritySettings)] = async db => await AddAsync(db, new SecuritySettings { AllowedEmailDomains = "example.jp", IdleTimeoutMinutes = 30 }),
            [typeof(IpAllowRule)] = async db => await AddAsync(db, new IpAllowRule
            {
                Network = "203.0.113.0/24", Label = "本社", CreatedAt = DateTimeOffset.UtcNow, CreatedBy = "owner@example.jp",
            }),
            [typeof(RetentionPolicy)] = async db => await AddAsync(db, new RetentionPolicy { RetentionDays = 365, MembersMayDeleteOwn = false, UpdatedAt = DateTime.UtcNow }),
            [typeof(DepartmentRetention)] = async db => await AddAsync(db, new DepartmentRetention
            {
                DepartmentId = Guid.NewGuid(), RetentionDays = 90,
            }),
            [typeof(LegalHold)] = async db => await AddAsync(db, new LegalHold
            {
                Scope = LegalHoldScope.Member, UserId = (await UserAsync(db)).Id, Reason = "社内調査", Reference = "INV-1",
                PlacedByUserId = "owner", PlacedByName = "山田 太郎", PlacedAt = DateTime.UtcNow,
            }),
            [typeof(BreakGlassGrant)] = async db => await AddAsync(db, new BreakGlassGrant
            {
                TargetUserId = (await UserAsync(db)).Id, RequestedByUserId = "owner", RequestedByName = "山田 太郎", Reason = "社内調査のため", Hours = 24,
                RequestedAt = DateTime.UtcNow, Status = BreakGlassStatus.Approved, Approval = BreakGlassApproval.Auditor, DecidedByUserId = "auditor",
                DecidedByName = "監査 花子", DecidedAt = DateTime.UtcNow, EndsAt = DateTime.UtcNow.AddHours(24),
            }),
            [typeof(DataExport)] = async db => await DataExportAsync(db),
            [typeof(DataExportChunk)] = async db => await AddAsync(db, new DataExportChunk { ExportId = (await DataExportAsync(db)).Id, Sequence = 0, Data = [0x50, 0x4b] }),
            [typeof(PersonalDataPolicy)] = async db => await AddAsync(db, new PersonalDataPolicy { Actions = "{\"Phone\":\"Mask\"}" }),
            [typeof(SettingsChange)] = async db => await AddAsync(db, new SettingsChange
            {
                Area = "security", Setting = "IdleTimeoutMinutes", OldValue = "0", NewValue = "30", ChangedByUserId = "u", ChangedByEmail = "a@example.jp",
                ChangedAt = DateTimeOffset.UtcNow,
            }),
            [typeof(AuditEntry)] = async db => await AddAsync(db, new AuditEntry
            {
                OccurredAt = DateTime.UtcNow, Action = AuditActions.RoleChanged, TargetType = "user", TargetId = "u1",
            }),
            [typeof(ActiveAnswer)] = async db => await AddAsync(db, new ActiveAnswer
            {
                UserId = (await UserAsync(db)).Id, StartedAt = DateTime.UtcNow, ExpiresAt = DateTime.UtcNow.AddMinutes(20),
            }),
            [typeof(TokenReservation)] = async db => await AddAsync(db, new TokenReservation
            {
                Pool = TokenReservations.SystemPool, Tokens = 1_000, ExpiresAt = DateTime.UtcNow.AddMinutes(20),
            }),
            [typeof(TokenPool)] = async db => await AddAsync(db, new TokenPool { Pool = TokenReservations.SystemPool }),
            [typeof(SecureAiChat.Core.Budgets.Budget)] = async db => await AddAsync(db, new SecureAiChat.Core.Budgets.Budget
            {
                Scope = SecureAiChat.Core.Budgets.Budget.WorkspaceScope, Amount = 10_000, Mode = SecureAiChat.Core.Budgets.BudgetMode.HardStop,
            }),
            [typeof(SecureAiChat.Core.Budgets.BudgetLedger)] = async db => await AddAsync(db, new SecureAiChat.Core.Budgets.BudgetLedger
            {
                Id = Guid.NewGuid(), BudgetId = Guid.NewGuid(), PeriodKey = "2026-12", Spent = 1, Reserved = 2,
            }),
            [typeof(SecureAiChat.Core.Budgets.BudgetReservation)] = async db => await AddAsync(db, new SecureAiChat.Core.Budgets.BudgetReservation
            {
                LedgerId = Guid.NewGuid(), Amount = 5, ExpiresAt = DateTime.UtcNow.AddMinutes(20),
            }),
            [typeof(SecureAiChat.Core.Budgets.BudgetAlert)] = async db => await AddAsync(db, new SecureAiChat.Core.Budgets.BudgetAlert
            {
                BudgetId = Guid.NewGuid(), PeriodKey = "2026-12", Threshold = 80,
            }),
            [typeof(SecureAiChat.Core.Budgets.BudgetRequest)] = async db => await AddAsync(db, new SecureAiChat.Core.Budgets.BudgetRequest
            {
                BudgetId = Guid.NewGuid(), LedgerId = Guid.NewGuid(), PeriodKey = "2026-12", PeriodEndUtc = DateTime.UtcNow.AddDays(20),
                RequesterId = (await UserAsync(db)).Id, Amount = 1_000, Reason = "締め切り前の資料作成",
            }),
            [typeof(DepartmentManager)] = async db => await AddAsync(db, new DepartmentManager
            {
                DepartmentId = Guid.NewGuid(), UserId = (await UserAsync(db)).Id,
            }),
            [typeof(UserSession)] = async db => await AddAsync(db, new UserSession
            {
                Id = Guid.NewGuid().ToString("N"), UserId = (await UserAsync(db)).Id, CreatedAt = DateTimeOffset.UtcNow, ExpiresAt = DateTimeOffset.UtcNow.AddHours(12),
            }),
            [typeof(AuditMonthlyNotice)] = async db => await AddAsync(db, new AuditMonthlyNotice
            {
                Month = Random.Shared.Next(1000, 10_000) + "-" + Random.Shared.Next(10, 100), Sequence = 1, Hash = new string('a', 64),
            }),
            [typeof(WorkspaceSettings)] = async db => await AddAsync(db, new WorkspaceSettings { PlanReviewedAt = DateTimeOffset.UtcNow }),
            [typeof(AiProviderSettings)] = async db => await AddAsync(db, new AiProviderSettings { OpenAiModels = "gpt-4o-mini" }),
            [typeof(UsageAlertNotice)] = async db => await AddAsync(db, new UsageAlertNotice { Month = "2026-11", ThresholdPercent = Random.Shared.Next(1, 1_000_000) }),
            [typeof(WorkspaceLoginLink)] = async db => await AddAsync(db, new WorkspaceLoginLink
            {
                UserId = (await UserAsync(db)).Id, TokenHash = Guid.NewGuid().ToString("N"), ExpiresAt = DateTimeOffset.UtcNow.AddMinutes(5),
            }),
        };

    private static async Task<Conversation> ConversationAsync(AppDbContext db) => await AddAsync(db, new Conversation
    {
        UserId = (await UserAsync(db)).Id, Title = "見積もりの相談", Model = "gpt-4o-mini", CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
    });

    private static Task<DataExport> DataExportAsync(AppDbContext db) => AddAsync(db, new DataExport
    {
        Kind = DataExportKind.Member, Status = DataExportStatus.Ready, RequestedByUserId = "member", RequestedAt = DateTime.UtcNow,
        ExpiresAt = DateTime.UtcNow.AddDays(1), TokenHash = new string('a', 64), FileName = "acme-my-conversations.zip", SizeBytes = 2,
    });

    private static async Task<SupportRequest> SupportRequestAsync(AppDbContext db) => await AddAsync(db, new SupportRequest
    {
        RequesterUserId = (await UserAsync(db)).Id, RequesterEmail = "member@example.jp", Category = SupportCategory.Problem, Priority = SupportPriority.High,
        Description = "画面が表示されない", CreatedAt = DateTimeOffset.UtcNow, RespondBy = DateTimeOffset.UtcNow.AddHours(9),
    });

    private static async Task<FeatureRequest> FeatureRequestAsync(AppDbContext db) => await AddAsync(db, new FeatureRequest
    {
        AuthorUserId = (await UserAsync(db)).Id, Title = "Teams 連携", Description = "Teams から使いたい", CreatedAt = DateTimeOffset.UtcNow,
    });

    private static async Task<AppUser> UserAsync(AppDbContext db)
    {
        var email = $"{Guid.NewGuid():N}@example.jp";
        return await AddAsync(db, new AppUser
        {
            UserName = email, NormalizedUserName = email.ToUpperInvariant(), Email = email, NormalizedEmail = email.ToUpperInvariant(),
            SecurityStamp = Guid.NewGuid().ToString(),
        });
    }

    private static async Task<T> AddAsync<T>(AppDbContext db, T entity) where T : class
    {
        db.Add(entity);
        await db.SaveChangesAsync();
        return entity;
    }
}
