using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SecureAiChat.Core.Satisfaction;

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
