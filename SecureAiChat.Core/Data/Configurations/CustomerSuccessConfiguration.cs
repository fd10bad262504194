using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SecureAiChat.Core.FeatureRequests;
using SecureAiChat.Core.Satisfaction;
using SecureAiChat.Core.Support;

namespace SecureAiChat.Core.Data.Configurations;

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

internal sealed class FeatureTopicConfiguration : IEntityTypeConfiguration<FeatureTopic>
{
    public void Configure(EntityTypeBuilder<FeatureTopic> builder)
    {
        builder.Property(t => t.Name).HasMaxLength(FeatureTopic.MaxName).IsRequired();
        builder.HasIndex(t => t.Name).IsUnique();
    }
}

internal sealed class SatisfactionResponseConfiguration : IEntityTypeConfiguration<SatisfactionResponse>
{
    public void Configure(EntityTypeBuilder<SatisfactionResponse> builder)
    {
        builder.Property(r => r.UserId).HasMaxLength(450).IsRequired();
        builder.Property(r => r.Comment).HasMaxLength(SatisfactionResponse.MaxComment);
        // One answer (or dismissal) per member and month.
        builder.HasIndex(r => new { r.TenantId, r.UserId, r.Month }).IsUnique();
    }
}
