using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SecureAiChat.Core.Support;

internal sealed class SupportReplyConfiguration : IEntityTypeConfiguration<SupportReply>
{
    public void Configure(EntityTypeBuilder<SupportReply> builder)
    {
        builder.Property(r => r.TenantId).HasMaxLength(64).IsRequired();
        builder.Property(r => r.OperatorId).HasMaxLength(450).IsRequired();
        builder.Property(r => r.OperatorName).HasMaxLength(256).IsRequired();
        builder.Property(r => r.Body).HasMaxLength(SupportReply.MaxBody).IsRequired();
        builder.HasIndex(r => new { r.TenantId, r.RequestId });
    }
}
