using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SecureAiChat.Core.Sso;

internal sealed class TenantSsoSettingsConfiguration : IEntityTypeConfiguration<TenantSsoSettings>
{
    public void Configure(EntityTypeBuilder<TenantSsoSettings> builder)
    {
        builder.ToTable("TenantSsoSettings");
        builder.HasKey(s => s.TenantId);
        builder.Property(s => s.TenantId).HasMaxLength(64);
        builder.Property(s => s.DirectoryId).HasMaxLength(36);
        builder.Property(s => s.AllowedDomains).HasMaxLength(1000);
        builder.Property(s => s.AdminRoleMappings).HasMaxLength(2000);
        builder.Property(s => s.LastSignInName).HasMaxLength(256);
        builder.Property(s => s.Provisioning).HasConversion<string>().HasMaxLength(20);
        builder.Ignore(s => s.AllowedDomainList);
        builder.Ignore(s => s.AdminRoleMappingList);
    }
}
