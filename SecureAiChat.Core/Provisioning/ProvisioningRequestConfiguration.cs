using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SecureAiChat.Core.Tenancy;

namespace SecureAiChat.Core.Provisioning;

internal sealed class ProvisioningRequestConfiguration : IEntityTypeConfiguration<ProvisioningRequest>
{
    public void Configure(EntityTypeBuilder<ProvisioningRequest> builder)
    {
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).HasMaxLength(64);
        builder.Property(r => r.StatusId).HasMaxLength(64).IsRequired();
        builder.HasIndex(r => r.StatusId).IsUnique();
        builder.Property(r => r.BindingTokenHash).HasMaxLength(64);
        builder.HasIndex(r => r.BindingTokenHash);
        builder.Property(r => r.BrowserSecretHash).HasMaxLength(64);
        builder.Property(r => r.TenantId).HasMaxLength(64).IsRequired();
        builder.HasIndex(r => r.TenantId).IsUnique();
        builder.Property(r => r.Identifier).HasMaxLength(TenantIdentifier.MaxLength).IsRequired();
        builder.HasIndex(r => r.Identifier);
        builder.Property(r => r.CompanyName).HasMaxLength(200).IsRequired();
        builder.Property(r => r.AdminName).HasMaxLength(100).IsRequired();
        builder.Property(r => r.AdminEmail).HasMaxLength(256).IsRequired();
        builder.Property(r => r.AdminPasswordHash).HasMaxLength(512);
        builder.Property(r => r.Plan).HasMaxLength(32).IsRequired();
        builder.Property(r => r.Culture).HasMaxLength(16);
        builder.Property(r => r.PlatformBaseUrl).HasMaxLength(256);
        builder.Property(r => r.ClientAddress).HasMaxLength(64);
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.JobId).HasMaxLength(64);
        builder.Property(r => r.AdminUserId).HasMaxLength(128);
        builder.Property(r => r.Error).HasMaxLength(2000);
        builder.Property(r => r.ConcurrencyStamp).HasMaxLength(64).IsConcurrencyToken();
        builder.HasIndex(r => r.CreatedAt);
        builder.HasMany(r => r.Steps).WithOne().HasForeignKey(s => s.RequestId).OnDelete(DeleteBehavior.Cascade);
    }
}
