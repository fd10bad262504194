using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SecureAiChat.Core.Support;

internal sealed class SupportAttachmentConfiguration : IEntityTypeConfiguration<SupportAttachment>
{
    public void Configure(EntityTypeBuilder<SupportAttachment> builder)
    {
        builder.Property(a => a.FileName).HasMaxLength(200).IsRequired();
        builder.Property(a => a.ContentType).HasMaxLength(32).IsRequired();
        builder.Property(a => a.Content).IsRequired();
        builder.HasOne<SupportRequest>().WithMany().HasForeignKey(a => a.RequestId).OnDelete(DeleteBehavior.Cascade);
    }
}
