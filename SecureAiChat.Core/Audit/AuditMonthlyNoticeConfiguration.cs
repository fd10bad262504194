using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SecureAiChat.Core.Audit;

internal sealed class AuditMonthlyNoticeConfiguration : IEntityTypeConfiguration<AuditMonthlyNotice>
{
    public void Configure(EntityTypeBuilder<AuditMonthlyNotice> builder)
    {
        builder.ToTable("AuditMonthlyNotices");
        builder.HasKey(n => n.Id);
        builder.Property(n => n.Month).HasMaxLength(7).IsRequired();
        builder.Property(n => n.Hash).HasMaxLength(64).IsUnicode(false).IsRequired();
        // One mail per workspace and month, however often (and on however many servers) the job runs.
        builder.HasIndex(n => new { n.TenantId, n.Month }).IsUnique();
    }
}
