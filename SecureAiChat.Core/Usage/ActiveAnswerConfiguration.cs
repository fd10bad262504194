using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SecureAiChat.Core.Usage;

internal sealed class ActiveAnswerConfiguration : IEntityTypeConfiguration<ActiveAnswer>
{
    public void Configure(EntityTypeBuilder<ActiveAnswer> builder)
    {
        builder.ToTable("ActiveAnswers");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.UserId).HasMaxLength(450).IsRequired();
        builder.HasIndex(a => new { a.TenantId, a.UserId, a.ExpiresAt });
        builder.HasIndex(a => new { a.TenantId, a.ExpiresAt });
    }
}
