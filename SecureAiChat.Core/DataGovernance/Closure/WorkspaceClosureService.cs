using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SecureAiChat.Core.Audit;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Identity;
using SecureAiChat.Core.Results;
using SecureAiChat.Core.Tenancy;

namespace SecureAiChat.Core.DataGovernance.Closure;

/// <summary>Workspace closure settings (section <c>DataGovernance</c>, beside retention).</summary>
public sealed class ClosureOptions
{
    public const string SectionName = "DataGovernance";

    /// <summary>Days a closing workspace stays read-only (and restorable) before all of its data is deleted.</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 365)]
    public int ClosureGraceDays { get; set; } = 30;

    /// <summary>When the deletion job looks for closures past their grace period (cron, Asia/Tokyo).</summary>
    public string ClosureDeletionCron { get; set; } = "30 3 * * *";
}

/// <summary>The workspace's closure state as the data page shows it.</summary>
public sealed record ClosureState(TenantStatus Status, string Identifier, string Name, DateTimeOffset? RequestedAt, DateTimeOffset? DeletesAt)
{
    public bool IsClosing => Status == TenantStatus.Closing;
}

/// <summary>What the Owner types to confirm: password, a current authenticator code and (to close) the workspace identifier.</summary>
public sealed record ClosureConfirmation(string? Password, string? Code, string? TypedIdentifier = null);

/// <summary>Why closing or restoring was refused (nothing changed); the page words it, resource key <c>ClosureProblem_{Code}</c>.</summary>
public enum ClosureProblem
{
    NotActive,
    NotOwner,

    /// <summary>The typed identifier is not the workspace's; the value is the identifier to type.</summary>
    Identifier,
    NotClosing,
    TrialEnded,
    TwoFactorRequired,
    Password,
    Code,
}

/// <summary>
/// Closing and restoring the workspace of the current scope. Only an Owner with two-factor sign-in may do either, and
/// only after confirming with the password and a current authenticator code (checked here, not only on the page):
/// closing ends the company's data, so a stolen session alone must not be enough.
/// </summary>
public sealed class WorkspaceClosureService(
    IDbContextFactory<AppDbContext> contexts, UserManager<AppUser> users, IMultiTenantContextAccessor<AppTenantInfo> tenant,
    IMultiTenantStore<AppTenantInfo> store, IAuditLog audit, TimeProvider time, IOptions<ClosureOptions> options)
{
    public static bool MayClose(ClaimsPrincipal user) => user is not null && user.IsInRole(Roles.Owner);

    public async Task<ClosureState> GetAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.Tenants.AsNoTracking().SingleAsync(t => t.Id == TenantId, cancellationToken);
        return new(row.Status, row.Identifier, row.Name, row.ClosureRequestedAt, row.ClosureDeletesAt);
    }

    /// <summary>Whether <paramref name="principal"/> can confirm with an authenticator code (else the page asks to enable 2FA first).</summary>
    public Task<bool> HasTwoFactorAsync(ClaimsPrincipal principal) => OwnerReauthentication.HasTwoFactorAsync(users, principal);

    /// <summary>Makes the workspace read-only and schedules the deletion of all of its data after the grace period.</summary>
    public async Task<Result<ClosureProblem>> RequestAsync(ClaimsPrincipal principal, ClosureConfirmation confirmation, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.Tenants.SingleAsync(t => t.Id == TenantId, cancellationToken);
        if (row.Status != TenantStatus.Active) return ClosureProblem.NotActive;
        if (!MayClose(principal)) return ClosureProblem.NotOwner;
        // Before the code: a typo in the identifier must not use up the Owner's current authenticator code.
        if (!string.Equals(confirmation.TypedIdentifier?.Trim(), row.Identifier, StringComparison.OrdinalIgnoreCase))
            return new Problem<ClosureProblem>(ClosureProblem.Identifier, row.Identifier);
        if (await ConfirmAsync(principal, confirmation) is { Succeeded: false } refused) return refused;

        var now = time.GetUtcNow();
        row.Status = TenantStatus.Closing;
        row.ClosureRequestedAt = now;
        row.ClosureDeletesAt = now.AddDays(options.Value.ClosureGraceDays);
        audit.Record(db, AuditActions.WorkspaceClosureRequested, new AuditTarget("Workspace", row.Id, row.Identifier),
            new { deletesAt = row.ClosureDeletesAt, graceDays = options.Value.ClosureGraceDays });
        await db.SaveChangesAsync(cancellationToken);
        // Other instances learn it from the version poll; this one at once.
        store.Invalidate(row);
        return Result<ClosureProblem>.Ok;
    }

    /// <summary>Ends the closure during the grace period: the workspace is active and writable again.</summary>
    public async Task<Result<ClosureProblem>> RestoreAsync(ClaimsPrincipal principal, ClosureConfirmation confirmation, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.Tenants.SingleAsync(t => t.Id == TenantId, cancellationToken);
        // Past the deadline the deletion job may already be at work: restoring then would race it.
        if (row.Status != TenantStatus.Closing || row.ClosureDeletesAt <= time.GetUtcNow()) return ClosureProblem.NotClosing;
        // An ended PoC trial is read-only until it is converted by sales, not restorable by its Owner.
        if (row.IsTrial) return ClosureProblem.TrialEnded;
        if (await ConfirmAsync(principal, confirmation) is { Succeeded: false } refused) return refused;

        var requestedAt = row.ClosureRequestedAt;
        row.Status = TenantStatus.Active;
        row.ClosureRequestedAt = null;
        row.ClosureDeletesAt = null;
        audit.Record(db, AuditActions.WorkspaceClosureRestored, new AuditTarget("Workspace", row.Id, row.Identifier), new { requestedAt });
        await db.SaveChangesAsync(cancellationToken);
        store.Invalidate(row);
        return Result<ClosureProblem>.Ok;
    }

    private string TenantId => tenant.MultiTenantContext.TenantInfo?.Id ?? throw new InvalidOperationException("No workspace is set.");

    private async Task<Result<ClosureProblem>> ConfirmAsync(ClaimsPrincipal principal, ClosureConfirmation confirmation) =>
        (await OwnerReauthentication.CheckAsync(users, principal, confirmation.Password, confirmation.Code)).Code switch
        {
            null => Result<ClosureProblem>.Ok,
            ReauthenticationRefusal.NotOwner => ClosureProblem.NotOwner,
            ReauthenticationRefusal.TwoFactorRequired => ClosureProblem.TwoFactorRequired,
            ReauthenticationRefusal.Password => ClosureProblem.Password,
            _ => ClosureProblem.Code,
        };
}
