using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SecureAiChat.Core.Guidelines;

internal sealed class UsageGuidelineConfiguration : IEntityTypeConfiguration<UsageGuideline>
{
    public void Configure(EntityTypeBuilder<UsageGuideline> builder)
    {
        builder.HasKey(g => g.Id);
        builder.Property(g => g.Title).HasMaxLength(200).IsRequired();
        builder.Property(g => g.Body).HasMaxLength(20000).IsRequired();
    }
}
