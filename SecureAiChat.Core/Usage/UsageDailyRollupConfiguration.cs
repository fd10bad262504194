using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SecureAiChat.Core.Usage;

internal sealed class UsageDailyRollupConfiguration : IEntityTypeConfiguration<UsageDailyRollup>
{
    public void Configure(EntityTypeBuilder<UsageDailyRollup> builder)
    {
        builder.ToTable("UsageDailyRollups");
        UsageRollupColumns.Configure(builder);
        builder.Property(r => r.UserId).HasMaxLength(450).IsRequired();
        builder.HasIndex(r => new { r.TenantId, r.Day });
    }
}
