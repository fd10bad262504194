using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SecureAiChat.Core.Audit;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Identity;
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

/// <summary>The outcome: null problem on success, otherwise one localized message and nothing changed.</summary>
public sealed record ClosureResult(string? Problem)
{
    public bool Succeeded => Problem is null;
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
    public async Task<ClosureResult> RequestAsync(ClaimsPrincipal principal, ClosureConfirmation confirmation, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.Tenants.SingleAsync(t => t.Id == TenantId, cancellationToken);
        if (row.Status != TenantStatus.Active) return Problem("Problem_NotActive");
        if (!MayClose(principal)) return Problem("Problem_NotOwner");
        // Before the code: a typo in the identifier must not use up the Owner's current authenticator code.
        if (!string.Equals(confirmation.TypedIdentifier?.Trim(), row.Identifier, StringComparison.OrdinalIgnoreCase))
            return new(ClosureStrings.Get("Problem_Identifier", null, row.Identifier));
        if (await ConfirmAsync(principal, confirmation) is { } refused) return refused;

        var now = time.GetUtcNow();
        row.Status = TenantStatus.Closing;
        row.ClosureRequestedAt = now;
        row.ClosureDeletesAt = now.AddDays(options.Value.ClosureGraceDays);
        audit.Record(db, AuditActions.WorkspaceClosureRequested, new AuditTarget("Workspace", row.Id, row.Identifier),
            new { deletesAt = row.ClosureDeletesAt, graceDays = options.Value.ClosureGraceDays });
        await db.SaveChangesAsync(cancellationToken);
        // Other instances learn it from the version poll; this one at once.
        store.Invalidate(row);
        return new(null);
    }

    /// <summary>Ends the closure during the grace period: the workspace is active and writable again.</summary>
    public async Task<ClosureResult> RestoreAsync(ClaimsPrincipal principal, ClosureConfirmation confirmation, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.Tenants.SingleAsync(t => t.Id == TenantId, cancellationToken);
        // Past the deadline the deletion job may already be at work: restoring then would race it.
        if (row.Status != TenantStatus.Closing || row.ClosureDeletesAt <= time.GetUtcNow()) return Problem("Problem_NotClosing");
        // An ended PoC trial is read-only until it is converted by sales, not restorable by its Owner.
        if (row.IsTrial) return Problem("Problem_TrialEnded");
        if (await ConfirmAsync(principal, confirmation) is { } refused) return refused;

        var requestedAt = row.ClosureRequestedAt;
        row.Status = TenantStatus.Active;
        row.ClosureRequestedAt = null;
        row.ClosureDeletesAt = null;
        audit.Record(db, AuditActions.WorkspaceClosureRestored, new AuditTarget("Workspace", row.Id, row.Identifier), new { requestedAt });
        await db.SaveChangesAsync(cancellationToken);
        store.Invalidate(row);
        return new(null);
    }

    private string TenantId => tenant.MultiTenantContext.TenantInfo?.Id ?? throw new InvalidOperationException("No workspace is set.");

    private static ClosureResult Problem(string name) => new(ClosureStrings.Get(name));

    private async Task<ClosureResult?> ConfirmAsync(ClaimsPrincipal principal, ClosureConfirmation confirmation) =>
        await OwnerReauthentication.CheckAsync(users, principal, confirmation.Password, confirmation.Code) switch
        {
            null => null,
            ReauthenticationRefusal.NotOwner => Problem("Problem_NotOwner"),
            ReauthenticationRefusal.TwoFactorRequired => Problem("Problem_TwoFactorRequired"),
            ReauthenticationRefusal.Password => Problem("Problem_Password"),
            _ => Problem("Problem_Code"),
        };
}
