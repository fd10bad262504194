using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SecureAiChat.Core.DataGovernance.Export;

internal sealed class DataExportConfiguration : IEntityTypeConfiguration<DataExport>
{
    public void Configure(EntityTypeBuilder<DataExport> builder)
    {
        builder.ToTable("DataExports");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(e => e.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(e => e.RequestedByUserId).HasMaxLength(450).IsRequired();
        builder.Property(e => e.BuildingFor).HasMaxLength(450);
        builder.Property(e => e.TokenHash).HasMaxLength(64);
        builder.Property(e => e.FileName).HasMaxLength(200).IsRequired();
        builder.Property(e => e.FailureCode).HasMaxLength(200);
        // One export in progress per person: null (not building) does not collide on any provider.
        builder.HasIndex(e => new { e.TenantId, e.BuildingFor }).IsUnique();
        builder.HasIndex(e => new { e.TenantId, e.RequestedByUserId, e.RequestedAt });
        builder.HasIndex(e => e.ExpiresAt);
        builder.HasMany(e => e.Chunks).WithOne().HasForeignKey(c => c.ExportId).OnDelete(DeleteBehavior.Cascade);
    }
}
