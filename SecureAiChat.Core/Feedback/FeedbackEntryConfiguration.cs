using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SecureAiChat.Core.Feedback;

internal sealed class FeedbackEntryConfiguration : IEntityTypeConfiguration<FeedbackEntry>
{
    public void Configure(EntityTypeBuilder<FeedbackEntry> builder)
    {
        builder.HasKey(f => f.Id);
        builder.Property(f => f.UserId).HasMaxLength(128).IsRequired();
        builder.Property(f => f.Text).HasMaxLength(4000);
        builder.HasIndex(f => f.CreatedAt);
    }
}
