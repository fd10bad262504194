using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SecureAiChat.Core.DataGovernance;

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
