using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SecureAiChat.Core.Audit;

internal sealed class AuditDailyHashConfiguration : IEntityTypeConfiguration<AuditDailyHash>
{
    public void Configure(EntityTypeBuilder<AuditDailyHash> builder)
    {
        builder.ToTable("AuditDailyHashes");
        builder.HasKey(h => new { h.ChainKey, h.Day });
        builder.Property(h => h.ChainKey).HasMaxLength(80);
        builder.Property(h => h.Hash).HasMaxLength(64).IsUnicode(false).IsRequired();
        builder.Property(h => h.VerifiedAt).HasConversion(v => v, v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
    }
}
