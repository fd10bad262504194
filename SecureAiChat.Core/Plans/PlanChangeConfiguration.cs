using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SecureAiChat.Core.Plans;

internal sealed class PlanChangeConfiguration : IEntityTypeConfiguration<PlanChange>
{
    public void Configure(EntityTypeBuilder<PlanChange> builder)
    {
        builder.ToTable("PlanChanges");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.TenantId).HasMaxLength(64).IsRequired();
        builder.HasIndex(c => c.TenantId);
        builder.Property(c => c.FromPlan).HasMaxLength(32).IsRequired();
        builder.Property(c => c.ToPlan).HasMaxLength(32).IsRequired();
        builder.Property(c => c.Source).HasConversion<string>().HasMaxLength(16);
        builder.Property(c => c.ActorUserId).HasMaxLength(128);
        builder.Property(c => c.ActorEmail).HasMaxLength(256);
        builder.Property(c => c.Reason).HasMaxLength(500);
        builder.Ignore(c => c.IsPending);
    }
}
