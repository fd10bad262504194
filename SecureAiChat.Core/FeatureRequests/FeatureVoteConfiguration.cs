using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SecureAiChat.Core.FeatureRequests;

internal sealed class FeatureVoteConfiguration : IEntityTypeConfiguration<FeatureVote>
{
    public void Configure(EntityTypeBuilder<FeatureVote> builder)
    {
        builder.Property(v => v.UserId).HasMaxLength(450).IsRequired();
        // One vote per member and request, whatever two clicks racing on two instances do.
        builder.HasIndex(v => new { v.RequestId, v.UserId }).IsUnique();
        builder.HasOne<FeatureRequest>().WithMany().HasForeignKey(v => v.RequestId).OnDelete(DeleteBehavior.Cascade);
    }
}
