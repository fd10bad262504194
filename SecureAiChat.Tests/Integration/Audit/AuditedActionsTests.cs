using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SecureAiChat.Core.Audit;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.DataGovernance;
using SecureAiChat.Core.Guidelines;
using SecureAiChat.Core.Identity;
using SecureAiChat.Core.PersonalData;
using SecureAiChat.Core.Templates;
using SecureAiChat.Core.Settings;
using SecureAiChat.Core.Providers.Settings;
using SecureAiChat.Core.Security;
using SecureAiChat.Core.Sso;
using SecureAiChat.Core.Team;
using SecureAiChat.Tests.Infrastructure;
using SecureAiChat.Tests.Integration.Team;

namespace SecureAiChat.Tests.Integration.Audit;

/// <summary>
/// Every audited action that exists writes exactly one entry with its code, and no entry holds content or secrets
/// (canary values typed into the changes are searched for in every entry afterwards).
/// </summary>
public sealed class AuditedActionsTests(TeamAppHost app) : IClassFixture<TeamAppHost>
{
    private const string ContentCanary = "CANARY-CONTENT-7f3a";

    private sealed record Workspace(string TenantId, string Identifier, AppUser Owner, AppUser Member, Guid Department);

    /// <summary>Per action: the preparation (may record other entries) and the action itself.</summary>
    private static readonly Dictionary<string, (Func<IServiceProvider, Workspace, Task> Prepare, Func<IServiceProvider, Workspace, Task> Act)> Actions = new()
    {
        [AuditActions.DepartmentCreated] = (None, (sp, _) => Departments(sp).CreateAsync("経理部")),
        [AuditActions.DepartmentRenamed] = (None, (sp, w) => Departments(sp).RenameAsync(w.Department, "第二営業部")),
        [AuditActions.DepartmentDeleted] = (None, (sp, w) => Departments(sp).DeleteAsync(w.Department, w.Owner.Id, w.Owner.Email!)),
        [AuditActions.MemberMoved] = (None, (sp, w) => Members(sp).SetDepartmentAsync(w.Member.Id, w.Department)),
        [AuditActions.RolloutChanged] = (None, (sp, w) => Departments(sp).SaveRolloutAsync(ChatRollout.SelectedDepartments, [w.Department], w.Owner.Id, w.Owner.Email!)),
        [AuditActions.RoleChanged] = (None, (sp, w) => Members(sp).ChangeRoleAsync(w.Owner.Id, w.Member.Id, Roles.Admin)),
        [AuditActions.MemberDeactivated] = (None, (sp, w) => Members(sp).SetActiveAsync(w.Owner.Id, w.Member.Id, false)),
        [AuditActions.MemberReactivated] = ((sp, w) => Members(sp).SetActiveAsync(w.Owner.Id, w.Member.Id, false), (sp, w) => Members(sp).SetActiveAsync(w.Owner.Id, w.Member.Id, true)),
        [AuditActions.InvitationSent] = (None, (sp, w) => Invite(sp, w)),
        [AuditActions.InvitationResent] = (Invite, async (sp, w) => await Invitations(sp).ResendAsync(await InvitationIdAsync(sp), Inviter(w))),
        [AuditActions.InvitationRevoked] = (Invite, async (sp, _) => await Invitations(sp).RevokeAsync(await InvitationIdAsync(sp))),
        [AuditActions.InvitationAccepted] = (Invite, (sp, _) => sp.GetRequiredService<InvitationAcceptance>().AcceptForExternalSignInAsync("new@example.jp", "新人 次郎")),
        [AuditActions.SecuritySettingsChanged] = (None, (sp, w) => sp.GetRequiredService<SecuritySettingsService>()
            .SaveAsync(new SecuritySettingsInput("example.jp", 30, TwoFactorRequirement.None), w.Owner.Id, w.Owner.Email!)),
        [AuditActions.DataProtectionChanged] = (None, (sp, _) => sp.GetRequiredService<PersonalDataPolicyService>().SaveAsync(new PersonalDataPolicyInput(
            new Dictionary<PersonalDataCategory, PersonalDataAction> { [PersonalDataCategory.Phone] = PersonalDataAction.Mask }, [new CustomTerm(ContentCanary)]))),
        [AuditActions.DataRetentionChanged] = (None, async (sp, w) => Assert.Empty((await Governance(sp).SaveAsync(Owner(w),
            new RetentionInput(90, false, new Dictionary<Guid, int?> { [w.Department] = 365 }))).Problems)),
        [AuditActions.LegalHoldPlaced] = (None, (sp, w) => PlaceHold(sp, w)),
        [AuditActions.LegalHoldLifted] = (PlaceHold, async (sp, w) => Assert.Empty((await Governance(sp).LiftHoldAsync(Owner(w),
            await sp.GetRequiredService<AppDbContext>().LegalHolds.Select(h => h.Id).SingleAsync(), "調査終了")).Problems)),
        [AuditActions.GuidelinePublished] = (None, (sp, w) => sp.GetRequiredService<GuidelineService>().PublishAsync(w.Owner.Id, "利用ガイドライン", "本文 " + ContentCanary)),
        [AuditActions.TemplateCreated] = (None, (sp, w) => SaveTemplate(sp, w, null)),
        [AuditActions.TemplateChanged] = ((sp, w) => SaveTemplate(sp, w, null), async (sp, w) => await SaveTemplate(sp, w, await TemplateIdAsync(sp))),
        [AuditActions.TemplateDeleted] = ((sp, w) => SaveTemplate(sp, w, null), async (sp, w) =>
            await sp.GetRequiredService<PromptTemplateService>().DeleteAsync(new PromptTemplateUser(w.Owner.Id, true), await TemplateIdAsync(sp))),
        [AuditActions.AuditRetentionChanged] = (None, async (sp, _) => Assert.True(await sp.GetRequiredService<AuditRetention>().SetAsync(5))),
        [AuditActions.DirectoryLinked] = (None, (sp, _) => SaveSso(sp, required: false)),
        [AuditActions.SsoSettingsChanged] = ((sp, _) => SaveSso(sp, required: false), (sp, _) => SaveSso(sp, required: true)),
        [AuditActions.DirectoryUnlinked] = ((sp, _) => SaveSso(sp, required: false), async (sp, _) => Assert.True(await sp.GetRequiredService<SsoSettingsService>().UnlinkAsync())),
        [AuditActions.AiKeyReplaced] = ((sp, w) => SaveAi(sp, w, OwnKey()), (sp, w) => SaveAi(sp, w, OwnKey(key: "sk-" + ContentCanary + "-second-0123456789"))),
        [AuditActions.AiOptionChosen] = ((sp, w) => SaveAi(sp, w, OwnKey()), (sp, w) => SaveAi(sp, w, OwnKey(key: null, choice: AiProviderChoice.SystemDefault))),
        [AuditActions.AiModelsChanged] = ((sp, w) => SaveAi(sp, w, OwnKey()), (sp, w) => SaveAi(sp, w, OwnKey(key: null, models: "gpt-4o-mini\ngpt-4.1"))),
        [AuditActions.AiKeyRemoved] = (async (sp, w) =>
            {
                await SaveAi(sp, w, OwnKey());
                await SaveAi(sp, w, OwnKey(key: null, choice: AiProviderChoice.SystemDefault));
            },
            async (sp, _) => Assert.True((await sp.GetRequiredService<AiSettingsService>().RemoveKeyAsync(AiProviderChoice.OwnOpenAIKey)).Succeeded)),
        [AuditActions.AiConnectionTested] = ((sp, w) => SaveAi(sp, w, OwnKey()),
            async (sp, _) => Assert.Equal(ConnectionTestOutcome.Succeeded, (await sp.GetRequiredService<AiSettingsService>().TestAsync(OwnKey(key: null, choice: AiProviderChoice.SystemDefault))).Value?.Outcome)),
    };

    public static TheoryData<string> ActionCodes() => new(Actions.Keys);

    [Theory]
    [MemberData(nameof(ActionCodes))]
    public async Task The_action_writes_exactly_one_entry_without_content_or_secrets(string action)
    {
        var w = await WorkspaceAsync();
        var (prepare, act) = Actions[action];
        await InScopeAsync(w, sp => prepare(sp, w));
        var before = await EntriesAsync(w);

        await InScopeAsync(w, sp => act(sp, w));

        var after = await EntriesAsync(w);
        var added = Assert.Single(after.Skip(before.Count));
        Assert.Equal(action, added.Action);
        Assert.Equal((AuditActorKind.User, w.Owner.Id, "オーナー 花子", Roles.Owner), (added.ActorKind, added.ActorId, added.ActorName, added.ActorRole));
        foreach (var entry in after)
        {
            var text = string.Join("|", entry.ActorName, entry.TargetDisplay, entry.Details, entry.UserAgent);
            Assert.DoesNotContain(ContentCanary, text, StringComparison.Ordinal);
            Assert.DoesNotContain(TestPasswords.Default, text, StringComparison.Ordinal);
        }
        var verified = await app.InTenantAsync(w.TenantId, sp => sp.GetRequiredService<AuditVerifier>()
            .VerifyAsync(sp.GetRequiredService<AppDbContext>(), AuditChains.ForTenant(w.TenantId)));
        Assert.True(verified.Intact, verified.Problem);
    }

    private async Task<Workspace> WorkspaceAsync()
    {
        var (tenantId, identifier, owner) = await app.WorkspaceAsync("audited");
        var member = await app.CreateUserAsync(tenantId, $"member@{identifier}.example.jp", displayName: "社員 太郎");
        var department = await app.InTenantAsync(tenantId, async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            var created = db.Departments.Add(new Department { Name = "営業部" }).Entity;
            await db.SaveChangesAsync();
            return created.Id;
        });
        return new Workspace(tenantId, identifier, owner, member, department);
    }

    // The web host fills the actor from the signed-in user; here the scope is the Owner's.
    private Task InScopeAsync(Workspace w, Func<IServiceProvider, Task> action) =>
        app.InTenantAsync(w.TenantId, async sp =>
        {
            sp.GetRequiredService<AuditActor>().SetUser(AuditActorKind.User, w.Owner.Id, w.Owner.DisplayName, Roles.Owner);
            await action(sp);
            return 0;
        });

    private Task<List<AuditEntry>> EntriesAsync(Workspace w) =>
        app.InTenantAsync(w.TenantId, sp => sp.GetRequiredService<AppDbContext>().AuditEntries.AsNoTracking().OrderBy(e => e.Sequence).ToListAsync());

    private static Task None(IServiceProvider sp, Workspace w) => Task.CompletedTask;
    private static DataGovernanceService Governance(IServiceProvider sp) => sp.GetRequiredService<DataGovernanceService>();

    private static System.Security.Claims.ClaimsPrincipal Owner(Workspace w) => new(new System.Security.Claims.ClaimsIdentity(
        [new(System.Security.Claims.ClaimTypes.NameIdentifier, w.Owner.Id), new(System.Security.Claims.ClaimTypes.Role, Roles.Owner),
         new(AppClaimTypes.DisplayName, w.Owner.DisplayName)], "test"));

    private static async Task PlaceHold(IServiceProvider sp, Workspace w) =>
        Assert.Empty((await Governance(sp).PlaceHoldAsync(Owner(w), new LegalHoldInput(LegalHoldScope.Member, w.Member.Id, null, "訴訟対応", "2026-ワ-123"))).Problems);
    private static DepartmentService Departments(IServiceProvider sp) => sp.GetRequiredService<DepartmentService>();
    private static MemberService Members(IServiceProvider sp) => sp.GetRequiredService<MemberService>();
    private static InvitationService Invitations(IServiceProvider sp) => sp.GetRequiredService<InvitationService>();

    private static Inviter Inviter(Workspace w) =>
        new(w.Owner.Id, w.Owner.DisplayName, CultureInfo.GetCultureInfo("ja-JP"));

    private static Task Invite(IServiceProvider sp, Workspace w) =>
        Invitations(sp).InviteAsync(InviteeList.FromPasted("new@example.jp"), Roles.Member, null, Inviter(w));

    private static Task<Guid> InvitationIdAsync(IServiceProvider sp) => sp.GetRequiredService<AppDbContext>().Invitations.Select(i => i.Id).SingleAsync();

    private static Task<Guid> TemplateIdAsync(IServiceProvider sp) => sp.GetRequiredService<AppDbContext>().PromptTemplates.Select(t => t.Id).SingleAsync();

    // The key carries the canary: neither it nor any part of it may reach an entry.
    private static AiSettingsForm OwnKey(string? key = "sk-" + ContentCanary + "-first-0123456789", AiProviderChoice choice = AiProviderChoice.OwnOpenAIKey, string models = "gpt-4o-mini") =>
        new() { Active = choice, OpenAiNewKey = key, OpenAiModels = models, OpenAiDefaultModel = "gpt-4o-mini" };

    private static async Task SaveAi(IServiceProvider sp, Workspace w, AiSettingsForm form) =>
        Assert.Empty((await sp.GetRequiredService<AiSettingsService>().SaveAsync(form, w.Owner.Id)).Problems);

    private static Task SaveSso(IServiceProvider sp, bool required) =>
        sp.GetRequiredService<SsoSettingsService>().SaveAsync(new SsoSettingsInput(Guid.Parse("3f1c2b7e-0000-4000-8000-000000000001"),
            SsoProvisioningMode.AllowedDomains, ["example.jp"], required, ["group-admins"]));

    private static Task SaveTemplate(IServiceProvider sp, Workspace w, Guid? id) =>
        sp.GetRequiredService<PromptTemplateService>().SaveAsync(new PromptTemplateUser(w.Owner.Id, true), id,
            new PromptTemplateDraft("議事録の要約", "会議メモから", "総務", "次のメモを要約: " + ContentCanary, Shared: true));
}
