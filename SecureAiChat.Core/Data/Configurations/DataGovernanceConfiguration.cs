using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SecureAiChat.Core.DataGovernance;

namespace SecureAiChat.Core.Data.Configurations;

internal sealed class RetentionPolicyConfiguration : IEntityTypeConfiguration<RetentionPolicy>
{
    public void Configure(EntityTypeBuilder<RetentionPolicy> builder)
    {
        builder.ToTable("RetentionPolicies");
        builder.HasKey(p => p.TenantId);
        builder.Property(p => p.TenantId).HasMaxLength(64);
    }
}

internal sealed class DepartmentRetentionConfiguration : IEntityTypeConfiguration<DepartmentRetention>
{
    public void Configure(EntityTypeBuilder<DepartmentRetention> builder)
    {
        builder.ToTable("DepartmentRetentions");
        builder.HasKey(r => r.Id);
        builder.HasIndex(r => new { r.TenantId, r.DepartmentId }).IsUnique();
    }
}

internal sealed class LegalHoldConfiguration : IEntityTypeConfiguration<LegalHold>
{
    public void Configure(EntityTypeBuilder<LegalHold> builder)
    {
        builder.ToTable("LegalHolds");
        builder.HasKey(h => h.Id);
        builder.Property(h => h.Scope).HasConversion<string>().HasMaxLength(16);
        builder.Property(h => h.UserId).HasMaxLength(450);
        builder.Property(h => h.Reason).HasMaxLength(LegalHold.ReasonMaxLength).IsRequired();
        builder.Property(h => h.Reference).HasMaxLength(LegalHold.ReferenceMaxLength);
        builder.Property(h => h.PlacedByUserId).HasMaxLength(450).IsRequired();
        builder.Property(h => h.PlacedByName).HasMaxLength(256).IsRequired();
        builder.Property(h => h.LiftedByUserId).HasMaxLength(450);
        builder.Property(h => h.LiftedByName).HasMaxLength(256);
        builder.Property(h => h.LiftReason).HasMaxLength(LegalHold.ReasonMaxLength);
        builder.HasIndex(h => new { h.TenantId, h.LiftedAt });
    }
}

internal sealed class BreakGlassGrantConfiguration : IEntityTypeConfiguration<DataGovernance.BreakGlass.BreakGlassGrant>
{
    public void Configure(EntityTypeBuilder<DataGovernance.BreakGlass.BreakGlassGrant> builder)
    {
        builder.ToTable("BreakGlassGrants");
        builder.HasKey(g => g.Id);
        builder.Property(g => g.TargetUserId).HasMaxLength(450).IsRequired();
        builder.Property(g => g.RequestedByUserId).HasMaxLength(450).IsRequired();
        builder.Property(g => g.RequestedByName).HasMaxLength(256).IsRequired();
        builder.Property(g => g.Reason).HasMaxLength(DataGovernance.BreakGlass.BreakGlassGrant.ReasonMaxLength).IsRequired();
        builder.Property(g => g.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(g => g.Approval).HasConversion<string>().HasMaxLength(16);
        builder.Property(g => g.DecidedByUserId).HasMaxLength(450);
        builder.Property(g => g.DecidedByName).HasMaxLength(256);
        builder.Property(g => g.DenyReason).HasMaxLength(DataGovernance.BreakGlass.BreakGlassGrant.ReasonMaxLength);
        builder.Property(g => g.RevokedByUserId).HasMaxLength(450);
        builder.Property(g => g.RevokedByName).HasMaxLength(256);
        // The member's banner and the viewer look grants up by member and state.
        builder.HasIndex(g => new { g.TenantId, g.TargetUserId, g.Status });
    }
}
