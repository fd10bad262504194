using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SecureAiChat.Core.Support;

internal sealed class SupportRequestConfiguration : IEntityTypeConfiguration<SupportRequest>
{
    public void Configure(EntityTypeBuilder<SupportRequest> builder)
    {
        builder.Property(r => r.RequesterUserId).HasMaxLength(450).IsRequired();
        builder.Property(r => r.RequesterEmail).HasMaxLength(256).IsRequired();
        builder.Property(r => r.Description).HasMaxLength(SupportRequest.MaxDescription).IsRequired();
        builder.Property(r => r.AssigneeId).HasMaxLength(450);
        builder.Property(r => r.AssigneeName).HasMaxLength(256);
        builder.Ignore(r => r.Reference);
        builder.HasIndex(r => r.Status);
    }
}
