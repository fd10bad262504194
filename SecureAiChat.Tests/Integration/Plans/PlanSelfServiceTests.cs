using System.Net;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using SecureAiChat.Core.Audit;
using SecureAiChat.Core.Identity;
using SecureAiChat.Core.Plans;
using SecureAiChat.Core.Results;
using SecureAiChat.Core.Team;
using SecureAiChat.Core.Tenancy;
using SecureAiChat.Tests.Infrastructure;

namespace SecureAiChat.Tests.Integration.Plans;

/// <summary>
/// Starter ↔ Standard by the Owner: an upgrade now, a downgrade at the next billing period (Asia/Tokyo month start)
/// only when the workspace fits in Starter's seats, applied once by the job; each workspace sees only its own plan.
/// </summary>
public sealed class PlanSelfServiceTests(AppHost app) : IClassFixture<AppHost>
{
    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    private static ClaimsPrincipal As(string role, AppUser user) => new(new ClaimsIdentity(
        [new Claim(ClaimTypes.NameIdentifier, user.Id), new Claim(ClaimTypes.Email, user.Email!), new Claim(ClaimTypes.Role, role)], "test"));

    private async Task<(AppTenantInfo Tenant, AppUser Owner)> WorkspaceAsync(string prefix, string plan)
    {
        var identifier = prefix + Guid.NewGuid().ToString("N")[..6];
        var tenant = await app.CreateTenantAsync(identifier, prefix + " 工業", plan: plan);
        return (tenant, await app.CreateUserAsync(tenant.Id, $"owner@{identifier}.example.jp", role: Roles.Owner));
    }

    private async Task<T> AsWorkspaceAsync<T>(string tenantId, Func<PlanSelfService, Task<T>> action, DateTimeOffset? now = null)
    {
        await using var scope = await app.TenantScopeAsync(tenantId);
        var service = now is { } at
            ? ActivatorUtilities.CreateInstance<PlanSelfService>(scope.ServiceProvider, (TimeProvider)new FixedTime(at))
            : scope.ServiceProvider.GetRequiredService<PlanSelfService>();
        return await action(service);
    }

    private Task<string> PlanAsync(string tenantId) => app.TenantDbAsync(tenantId, db => db.Tenants.Where(t => t.Id == tenantId).Select(t => t.Plan).SingleAsync());

    private Task AddInvitationsAsync(string tenantId, string invitedBy, int count) => app.TenantDbAsync(tenantId, async db =>
    {
        var now = DateTimeOffset.UtcNow;
        for (var i = 0; i < count; i++)
        {
            db.Invitations.Add(new Invitation
            {
                Email = $"p{i}@example.jp", NormalizedEmail = $"P{i}@EXAMPLE.JP", TokenHash = Guid.NewGuid().ToString("N"), InvitedByUserId = invitedBy,
                CreatedAt = now, SentAt = now, ExpiresAt = now.AddDays(7),
            });
        }
        return await db.SaveChangesAsync();
    });

    [Fact]
    public async Task An_owners_upgrade_is_in_force_at_once_recorded_and_mailed()
    {
        var (tenant, owner) = await WorkspaceAsync("psup", "Starter");

        var result = await AsWorkspaceAsync(tenant.Id, s => s.UpgradeAsync(As(Roles.Owner, owner)));

        Assert.True(result.Succeeded);
        Assert.Equal("Standard", await PlanAsync(tenant.Id));
        Assert.Equal(50, (await app.TenantDbAsync(tenant.Id, db => TeamSeats.CountAsync(db, DateTimeOffset.UtcNow))).PlanSeats);
        var change = (await AsWorkspaceAsync(tenant.Id, s => s.GetAsync())).History.Single();
        Assert.Equal(("Starter", "Standard", PlanChangeSource.Owner, owner.Email), (change.FromPlan, change.ToPlan, change.Source, change.ActorEmail));
        Assert.Equal(change.RequestedAt, change.AppliedAt);
        Assert.True(await app.TenantDbAsync(tenant.Id, db => db.AuditEntries.AnyAsync(e => e.Action == AuditActions.PlanUpgraded)));
        Assert.Equal($"【Secure AI Chat】{tenant.Name} のプランを変更しました", Assert.Single(app.PickedUpMailTo(owner.Email!)).Subject);
    }

    [Fact]
    public async Task A_downgrade_is_refused_while_members_and_invitations_exceed_starters_seats_and_says_how_many_to_remove()
    {
        var (tenant, owner) = await WorkspaceAsync("psfull", "Standard");
        await app.CreateUserAsync(tenant.Id, $"m@{tenant.Identifier}.example.jp");
        await AddInvitationsAsync(tenant.Id, owner.Id, 11); // 2 members + 11 invitations = 13 seats; Starter has 10

        var refused = await AsWorkspaceAsync(tenant.Id, s => s.ScheduleDowngradeAsync(As(Roles.Owner, owner)));

        Assert.Equal(new Problem<PlanChangeRefusal>(PlanChangeRefusal.TooManySeats, "3"), Assert.Single(refused.Problems));
        Assert.Null((await AsWorkspaceAsync(tenant.Id, s => s.GetAsync())).PendingDowngrade);
        Assert.False(await app.TenantDbAsync(tenant.Id, db => db.AuditEntries.AnyAsync(e => e.Action == AuditActions.PlanDowngradeScheduled)));

        // At exactly Starter's ten seats the downgrade is accepted.
        await app.TenantDbAsync(tenant.Id, async db =>
        {
            db.Invitations.RemoveRange(await db.Invitations.Take(3).ToListAsync());
            return await db.SaveChangesAsync();
        });
        Assert.True((await AsWorkspaceAsync(tenant.Id, s => s.ScheduleDowngradeAsync(As(Roles.Owner, owner)))).Succeeded);
    }

    [Fact]
    public async Task A_downgrade_takes_effect_at_the_next_tokyo_month_start_and_the_job_applies_it_once()
    {
        var (tenant, owner) = await WorkspaceAsync("psdown", "Standard");
        var march10 = new DateTimeOffset(2031, 3, 10, 1, 0, 0, TimeSpan.Zero);
        var aprilInTokyo = new DateTimeOffset(2031, 4, 1, 0, 0, 0, TimeSpan.FromHours(9));

        var scheduled = await AsWorkspaceAsync(tenant.Id, s => s.ScheduleDowngradeAsync(As(Roles.Owner, owner)), march10);

        Assert.True(scheduled.Succeeded);
        Assert.Equal(aprilInTokyo, scheduled.Value!.EffectiveAt);
        Assert.Equal("Standard", await PlanAsync(tenant.Id));
        Assert.Equal(PlanChangeRefusal.AlreadyScheduled, (await AsWorkspaceAsync(tenant.Id, s => s.ScheduleDowngradeAsync(As(Roles.Owner, owner)), march10)).Code);
        Assert.Contains("次の請求期間から", Assert.Single(app.PickedUpMailTo(owner.Email!)).TextBody, StringComparison.Ordinal);

        await Job(aprilInTokyo.AddSeconds(-1)).RunAsync();
        Assert.Equal("Standard", await PlanAsync(tenant.Id));

        await Job(aprilInTokyo).RunAsync();
        Assert.Equal("Starter", await PlanAsync(tenant.Id));
        var applied = (await AsWorkspaceAsync(tenant.Id, s => s.GetAsync())).History.Single();
        Assert.Equal(aprilInTokyo, applied.AppliedAt);

        // A second run (another instance, a retry) finds nothing left for this workspace.
        await Job(aprilInTokyo.AddMinutes(5)).RunAsync();
        Assert.Equal(aprilInTokyo, (await AsWorkspaceAsync(tenant.Id, s => s.GetAsync())).History.Single().AppliedAt);
    }

    [Fact]
    public async Task A_withdrawn_downgrade_is_never_applied_and_an_upgrade_withdraws_nothing_it_should_not()
    {
        var (tenant, owner) = await WorkspaceAsync("pscancel", "Standard");
        var now = new DateTimeOffset(2031, 5, 20, 0, 0, 0, TimeSpan.Zero);
        Assert.True((await AsWorkspaceAsync(tenant.Id, s => s.ScheduleDowngradeAsync(As(Roles.Owner, owner)), now)).Succeeded);

        Assert.True((await AsWorkspaceAsync(tenant.Id, s => s.CancelDowngradeAsync(As(Roles.Owner, owner)), now)).Succeeded);
        await Job(now.AddMonths(2)).RunAsync();

        Assert.Equal("Standard", await PlanAsync(tenant.Id));
        Assert.NotNull((await AsWorkspaceAsync(tenant.Id, s => s.GetAsync())).History.Single().CancelledAt);
        Assert.Equal(PlanChangeRefusal.NothingScheduled, (await AsWorkspaceAsync(tenant.Id, s => s.CancelDowngradeAsync(As(Roles.Owner, owner)))).Code);
        Assert.Equal(PlanChangeRefusal.NotSelfService, (await AsWorkspaceAsync(tenant.Id, s => s.UpgradeAsync(As(Roles.Owner, owner)))).Code);
    }

    [Theory]
    [InlineData(Roles.Admin)]
    [InlineData(Roles.Member)]
    public async Task Only_an_owner_changes_the_plan(string role)
    {
        var (tenant, _) = await WorkspaceAsync("psrole", "Starter");
        var user = await app.CreateUserAsync(tenant.Id, $"{role.ToLowerInvariant()}@{tenant.Identifier}.example.jp", role: role);

        Assert.Equal(PlanChangeRefusal.NotOwner, (await AsWorkspaceAsync(tenant.Id, s => s.UpgradeAsync(As(role, user)))).Code);
        Assert.Equal("Starter", await PlanAsync(tenant.Id));
    }

    [Fact]
    public async Task A_workspace_sees_and_changes_only_its_own_plan()
    {
        var (a, ownerA) = await WorkspaceAsync("psisoa", "Standard");
        var (b, ownerB) = await WorkspaceAsync("psisob", "Standard");
        Assert.True((await AsWorkspaceAsync(b.Id, s => s.ScheduleDowngradeAsync(As(Roles.Owner, ownerB)))).Succeeded);

        var seenByA = await AsWorkspaceAsync(a.Id, s => s.GetAsync());
        Assert.Null(seenByA.PendingDowngrade);
        Assert.Empty(seenByA.History);
        Assert.Equal(PlanChangeRefusal.NothingScheduled, (await AsWorkspaceAsync(a.Id, s => s.CancelDowngradeAsync(As(Roles.Owner, ownerA)))).Code);
        Assert.NotNull((await AsWorkspaceAsync(b.Id, s => s.GetAsync())).PendingDowngrade);

        using var client = await app.SignInAsync(a.Identifier, ownerA.Email!);
        var own = await client.GetAsync(app.TenantUri(a.Identifier, "/settings/plan"));
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Contains("data-testid=\"plan-downgrade\"", await own.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var other = await client.GetAsync(app.TenantUri(b.Identifier, "/settings/plan"));
        Assert.NotEqual(HttpStatusCode.OK, other.StatusCode);
    }

    [Fact]
    public async Task The_plan_page_offers_the_change_to_owners_and_explains_it_to_admins()
    {
        var (tenant, owner) = await WorkspaceAsync("pspage", "Starter");
        var admin = await app.CreateUserAsync(tenant.Id, $"admin@{tenant.Identifier}.example.jp", role: Roles.Admin);

        using var asOwner = await app.SignInAsync(tenant.Identifier, owner.Email!);
        var ownerPage = await asOwner.GetStringAsync(app.TenantUri(tenant.Identifier, "/settings/plan"));
        Assert.Contains("data-testid=\"plan-upgrade\"", ownerPage, StringComparison.Ordinal);
        Assert.Contains("/contact?plan=Professional", ownerPage, StringComparison.Ordinal);

        using var asAdmin = await app.SignInAsync(tenant.Identifier, admin.Email!);
        var adminPage = await asAdmin.GetStringAsync(app.TenantUri(tenant.Identifier, "/settings/plan"));
        Assert.DoesNotContain("data-testid=\"plan-upgrade\"", adminPage, StringComparison.Ordinal);
        Assert.Contains("プランの変更はオーナーが行えます。", adminPage, StringComparison.Ordinal);
    }

    private PlanChangeJob Job(DateTimeOffset now) =>
        new(app.Services.GetRequiredService<TenantScopeFactory>(), new FixedTime(now), NullLogger<PlanChangeJob>.Instance);
}
