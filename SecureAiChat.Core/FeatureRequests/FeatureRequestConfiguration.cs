using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SecureAiChat.Core.FeatureRequests;

internal sealed class FeatureRequestConfiguration : IEntityTypeConfiguration<FeatureRequest>
{
    public void Configure(EntityTypeBuilder<FeatureRequest> builder)
    {
        builder.Property(r => r.AuthorUserId).HasMaxLength(450).IsRequired();
        builder.Property(r => r.Title).HasMaxLength(FeatureRequest.MaxTitle).IsRequired();
        builder.Property(r => r.Description).HasMaxLength(FeatureRequest.MaxDescription).IsRequired();
        builder.Property(r => r.PublicNote).HasMaxLength(FeatureRequest.MaxNote);
        builder.HasIndex(r => r.TopicId);
    }
}
