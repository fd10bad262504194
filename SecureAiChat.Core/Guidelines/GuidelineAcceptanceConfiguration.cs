using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SecureAiChat.Core.Guidelines;

internal sealed class GuidelineAcceptanceConfiguration : IEntityTypeConfiguration<GuidelineAcceptance>
{
    public void Configure(EntityTypeBuilder<GuidelineAcceptance> builder)
    {
        builder.HasKey(a => a.Id);
        builder.Property(a => a.UserId).HasMaxLength(128).IsRequired();
        builder.HasIndex(a => new { a.TenantId, a.UserId, a.VersionNumber }).IsUnique();
    }
}
