using Microsoft.EntityFrameworkCore;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Settings;
using SecureAiChat.Core.Tenancy;
using SecureAiChat.Core.Usage;

namespace SecureAiChat.Core.Plans;

/// <summary>The current workspace's plan with what it uses of it and the recommendation (the plan page).</summary>
public sealed record PlanOverview(Plan Plan, SeatUsage Seats, AllowanceStatus Tokens, PlanAdvice Advice);

/// <summary>Reads the plan page's figures for the current tenant and records that an admin reviewed the plan.</summary>
public sealed class PlanReviewService(
    IDbContextFactory<AppDbContext> dbs,
    IMultiTenantContextAccessor<AppTenantInfo> tenant,
    TokenAllowance allowance,
    TimeProvider time)
{
    public async Task<PlanOverview> GetAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        // From the row, not the circuit's copy of the tenant: an upgrade made on this page shows at once.
        var tenantId = Tenant.Id;
        var plan = PlanLimits.PlanOf(await db.Tenants.Where(t => t.Id == tenantId).Select(t => t.Plan).SingleAsync(cancellationToken));
        var seats = await PlanSeats.CountAsync(db, time.GetUtcNow(), cancellationToken);
        var provider = await ActiveProviderAsync(db, cancellationToken);
        var tokens = await allowance.GetSystemDefaultStatusAsync(cancellationToken: cancellationToken);
        return new PlanOverview(plan, seats, tokens, PlanAdvice.For(plan, seats, tokens, provider == AiProviderChoice.SystemDefault));
    }

    /// <summary>Marks that an admin reviewed the plan (onboarding fact); the first visit counts.</summary>
    public async Task MarkReviewedAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        var row = await db.WorkspaceSettings.SingleOrDefaultAsync(cancellationToken);
        if (row?.PlanReviewedAt is not null)
        {
            return;
        }

        if (row is null)
        {
            // Provisioning creates the row; a workspace without one gets it telling the truth about its provider.
            row = new WorkspaceSettings { AiProvider = await ActiveProviderAsync(db, cancellationToken) };
            db.WorkspaceSettings.Add(row);
        }

        row.PlanReviewedAt = time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
    }

    private AppTenantInfo Tenant => tenant.MultiTenantContext.TenantInfo ?? throw new InvalidOperationException("No tenant is set.");

    // The AI settings row is the source of truth for the provider in force (no row: the system default).
    private static async Task<AiProviderChoice> ActiveProviderAsync(AppDbContext db, CancellationToken cancellationToken) =>
        await db.AiProviderSettings.AsNoTracking().Select(s => (AiProviderChoice?)s.Active).SingleOrDefaultAsync(cancellationToken)
        ?? AiProviderChoice.SystemDefault;
}
