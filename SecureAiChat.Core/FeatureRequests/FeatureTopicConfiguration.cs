using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SecureAiChat.Core.FeatureRequests;

internal sealed class FeatureTopicConfiguration : IEntityTypeConfiguration<FeatureTopic>
{
    public void Configure(EntityTypeBuilder<FeatureTopic> builder)
    {
        builder.Property(t => t.Name).HasMaxLength(FeatureTopic.MaxName).IsRequired();
        builder.HasIndex(t => t.Name).IsUnique();
    }
}
