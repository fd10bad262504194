using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SecureAiChat.Core.DataGovernance.BreakGlass;

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
