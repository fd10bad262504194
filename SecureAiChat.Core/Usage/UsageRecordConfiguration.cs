using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SecureAiChat.Core.Usage;

internal sealed class UsageRecordConfiguration : IEntityTypeConfiguration<UsageRecord>
{
    public void Configure(EntityTypeBuilder<UsageRecord> builder)
    {
        builder.ToTable("UsageRecords");
        builder.HasKey(u => u.Id);
        builder.Property(u => u.UserId).HasMaxLength(450).IsRequired();
        builder.Property(u => u.Provider).HasConversion<string>().HasMaxLength(32);
        builder.Property(u => u.Model).HasMaxLength(200).IsRequired();
        builder.Property(u => u.Source).HasConversion<string>().HasMaxLength(32);
        builder.Property(u => u.Status).HasConversion<string>().HasMaxLength(16);
        builder.HasIndex(u => new { u.TenantId, u.CreatedAt });
    }
}
