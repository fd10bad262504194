using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SecureAiChat.Core.Guidelines;

internal sealed class GuidelineVersionConfiguration : IEntityTypeConfiguration<GuidelineVersion>
{
    public void Configure(EntityTypeBuilder<GuidelineVersion> builder)
    {
        builder.HasKey(v => v.Id);
        builder.HasIndex(v => new { v.TenantId, v.Number }).IsUnique();
        builder.Property(v => v.Title).HasMaxLength(200).IsRequired();
        builder.Property(v => v.Body).HasMaxLength(20000).IsRequired();
        builder.Property(v => v.PublishedByUserId).HasMaxLength(128).IsRequired();
    }
}
