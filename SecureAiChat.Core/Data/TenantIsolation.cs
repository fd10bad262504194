using System.Linq.Expressions;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;

namespace SecureAiChat.Core.Data;

/// <summary>The query filter key, so code that must cross tenants (the operator console) names what it disables.</summary>
public static class TenantFilter
{
    public const string Name = "Tenant";
}

/// <summary>Thrown when code tries to write a row that belongs to another tenant, or any tenant row with no tenant set.</summary>
public sealed class TenantIsolationException(string message) : InvalidOperationException(message);

internal static class TenantIsolation
{
    /// <summary>Framework entities that cannot implement our marker but are global by nature.</summary>
    private static readonly HashSet<Type> FrameworkGlobals = [typeof(DataProtectionKey)];

    public static bool IsGlobal(IReadOnlyEntityType type) =>
        typeof(IGlobalEntity).IsAssignableFrom(type.ClrType) || FrameworkGlobals.Contains(type.ClrType);

    public static bool IsTenantOwned(IReadOnlyEntityType type) => typeof(ITenantOwned).IsAssignableFrom(type.ClrType);

    /// <summary>Adds the named tenant filter to every tenant-owned entity and refuses any entity that is neither.</summary>
    public static void Apply(ModelBuilder modelBuilder, AppDbContext context)
    {
        foreach (var entityType in modelBuilder.Model.GetEntityTypes().Where(t => t.BaseType is null && !t.IsOwned()))
        {
            if (IsTenantOwned(entityType))
            {
                var builder = modelBuilder.Entity(entityType.ClrType);
                builder.Property(nameof(ITenantOwned.TenantId)).HasMaxLength(64).IsRequired();
                if (!typeof(ITenantLeadingIndexes).IsAssignableFrom(entityType.ClrType)) builder.HasIndex(nameof(ITenantOwned.TenantId));
                builder.HasQueryFilter(TenantFilter.Name, BuildFilter(entityType.ClrType, context));
            }
            else if (!IsGlobal(entityType))
            {
                throw new InvalidOperationException(
                    $"Entity {entityType.ClrType.Name} is neither ITenantOwned nor IGlobalEntity. Default-deny: choose one.");
            }
        }
    }

    // e => e.TenantId == context.CurrentTenantId; EF turns the context member into a per-context parameter.
    private static LambdaExpression BuildFilter(Type clrType, AppDbContext context)
    {
        var entity = Expression.Parameter(clrType, "e");
        var tenantId = Expression.Property(Expression.Convert(entity, typeof(ITenantOwned)), nameof(ITenantOwned.TenantId));
        var current = Expression.Property(Expression.Constant(context), nameof(AppDbContext.CurrentTenantId));
        return Expression.Lambda(Expression.Equal(tenantId, current), entity);
    }

    /// <summary>Stamps new rows with the current tenant and refuses writes to rows of any other tenant.</summary>
    public static void EnforceOnSave(ChangeTracker tracker, string? currentTenantId)
    {
        foreach (var entry in tracker.Entries<ITenantOwned>())
        {
            if (entry.State is EntityState.Unchanged or EntityState.Detached) continue;
            if (currentTenantId is null)
                throw new TenantIsolationException($"No tenant is set; {entry.Metadata.ClrType.Name} cannot be written.");

            if (entry.State == EntityState.Added && string.IsNullOrEmpty(entry.Entity.TenantId))
                entry.Entity.TenantId = currentTenantId;

            var original = entry.State == EntityState.Added
                ? entry.Entity.TenantId
                : (string?)entry.Property(nameof(ITenantOwned.TenantId)).OriginalValue;
            if (entry.Entity.TenantId != currentTenantId || original != currentTenantId)
                throw new TenantIsolationException($"{entry.Metadata.ClrType.Name} belongs to another tenant.");
        }
    }
}
