using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SecureAiChat.Core.Usage;

internal sealed class UsageMonthlyReportNoticeConfiguration : IEntityTypeConfiguration<UsageMonthlyReportNotice>
{
    public void Configure(EntityTypeBuilder<UsageMonthlyReportNotice> builder)
    {
        builder.ToTable("UsageMonthlyReportNotices");
        builder.HasKey(n => n.Id);
        builder.Property(n => n.Month).HasMaxLength(7).IsRequired();
        builder.HasIndex(n => new { n.TenantId, n.Month }).IsUnique();
    }
}
