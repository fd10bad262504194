using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SecureAiChat.Core.Usage;

internal sealed class UsageAlertNoticeConfiguration : IEntityTypeConfiguration<UsageAlertNotice>
{
    public void Configure(EntityTypeBuilder<UsageAlertNotice> builder)
    {
        builder.ToTable("UsageAlertNotices");
        builder.HasKey(n => n.Id);
        builder.Property(n => n.Month).HasMaxLength(7).IsRequired();
        // The unique index is what makes "one email per threshold per month" hold when the job runs twice.
        builder.HasIndex(n => new { n.TenantId, n.Month, n.ThresholdPercent }).IsUnique();
    }
}
