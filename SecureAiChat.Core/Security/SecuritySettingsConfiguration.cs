using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SecureAiChat.Core.Security;

internal sealed class SecuritySettingsConfiguration : IEntityTypeConfiguration<SecuritySettings>
{
    public void Configure(EntityTypeBuilder<SecuritySettings> builder)
    {
        builder.ToTable("SecuritySettings");
        builder.HasKey(s => s.TenantId);
        builder.Property(s => s.TenantId).HasMaxLength(64);
        builder.Property(s => s.AllowedEmailDomains).HasMaxLength(1000);
        builder.Property(s => s.TwoFactorRequirement).HasConversion<string>().HasMaxLength(16);
        builder.Ignore(s => s.AllowedDomainList);
    }
}
