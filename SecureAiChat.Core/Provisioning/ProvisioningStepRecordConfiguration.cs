using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SecureAiChat.Core.Provisioning;

internal sealed class ProvisioningStepRecordConfiguration : IEntityTypeConfiguration<ProvisioningStepRecord>
{
    public void Configure(EntityTypeBuilder<ProvisioningStepRecord> builder)
    {
        builder.HasKey(s => s.Id);
        builder.Property(s => s.RequestId).HasMaxLength(64);
        builder.Property(s => s.Step).HasConversion<string>().HasMaxLength(32);
        builder.Property(s => s.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(s => s.Error).HasMaxLength(2000);
        builder.HasIndex(s => new { s.RequestId, s.Step }).IsUnique();
    }
}
