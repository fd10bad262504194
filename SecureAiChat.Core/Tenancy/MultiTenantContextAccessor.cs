namespace SecureAiChat.Core.Tenancy;

/// <summary>Reads the tenant of the current scope (Finbuckle's <c>IMultiTenantContextAccessor&lt;T&gt;</c>).</summary>
public interface IMultiTenantContextAccessor<TTenantInfo> where TTenantInfo : class, ITenantInfo
{
    MultiTenantContext<TTenantInfo> MultiTenantContext { get; }
}

/// <summary>Seeds the tenant of the current scope: per request, per circuit, per job.</summary>
public interface IMultiTenantContextSetter
{
    void SetTenant(MultiTenantContext<AppTenantInfo> context);
}

/// <summary>
/// One deliberate difference from Finbuckle: a DI-scoped holder instead of an AsyncLocal singleton,
/// so a Blazor circuit (one long scope) keeps the tenant it was opened with, whatever thread it runs on.
/// </summary>
public sealed class MultiTenantContextHolder : IMultiTenantContextAccessor<AppTenantInfo>, IMultiTenantContextSetter, ICurrentTenant
{
    private MultiTenantContext<AppTenantInfo> _context = MultiTenantContext<AppTenantInfo>.None;

    public MultiTenantContext<AppTenantInfo> MultiTenantContext => _context;

    public string? TenantId => TenantIdOf(_context);

    public void SetTenant(MultiTenantContext<AppTenantInfo> context)
    {
        // A scope belongs to one tenant for its whole life; switching would leak cached entities across tenants.
        var current = TenantId;
        if (current is not null && TenantIdOf(context) != current)
            throw new InvalidOperationException("The tenant of a scope cannot change once set.");
        _context = context;
    }

    private static string? TenantIdOf(MultiTenantContext<AppTenantInfo> context) => context.Resolution switch
    {
        TenantResolution.Resolved => context.TenantInfo!.Id,
        TenantResolution.PlatformHost => PlatformTenant.Id,
        _ => null,
    };
}

/// <summary>The tenant id the data layer filters and stamps with; null means "no tenant": nothing is visible.</summary>
public interface ICurrentTenant
{
    string? TenantId { get; }
}

/// <summary>The pseudo-tenant of the platform site: operator accounts live here, never in a customer tenant.</summary>
public static class PlatformTenant
{
    public const string Id = "platform";
}
