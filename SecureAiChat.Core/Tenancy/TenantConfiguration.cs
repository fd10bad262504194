using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SecureAiChat.Core.Tenancy;

internal sealed class TenantConfiguration : IEntityTypeConfiguration<AppTenantInfo>
{
    public void Configure(EntityTypeBuilder<AppTenantInfo> builder)
    {
        builder.ToTable("Tenants");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Id).HasMaxLength(64);
        builder.Property(t => t.Identifier).HasMaxLength(TenantIdentifier.MaxLength).IsRequired();
        builder.HasIndex(t => t.Identifier).IsUnique();
        builder.Property(t => t.Name).HasMaxLength(200).IsRequired();
        builder.Property(t => t.Plan).HasMaxLength(32).IsRequired();
        builder.Property(t => t.Status).HasConversion<string>().HasMaxLength(32);
        builder.Property(t => t.TimeZoneId).HasMaxLength(64);
        builder.Property(t => t.DefaultCulture).HasMaxLength(16);
        builder.Property(t => t.SuspensionReason).HasConversion<string>().HasMaxLength(32);
        builder.Ignore(t => t.IsTrial);
    }
}
