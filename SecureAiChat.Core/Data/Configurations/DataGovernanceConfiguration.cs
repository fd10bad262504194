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
