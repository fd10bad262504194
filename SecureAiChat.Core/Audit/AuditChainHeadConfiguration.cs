using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SecureAiChat.Core.Audit;

internal sealed class AuditChainHeadConfiguration : IEntityTypeConfiguration<AuditChainHead>
{
    public void Configure(EntityTypeBuilder<AuditChainHead> builder)
    {
        builder.ToTable("AuditChainHeads");
        builder.HasKey(h => h.ChainKey);
        builder.Property(h => h.ChainKey).HasMaxLength(80);
        builder.Property(h => h.LastHash).HasMaxLength(64).IsUnicode(false).IsRequired();
        builder.Property(h => h.ProtectedKey).HasMaxLength(1000).IsUnicode(false).IsRequired();
        builder.Property(h => h.CheckpointHash).HasMaxLength(64).IsUnicode(false).IsRequired();
        builder.Property(h => h.CheckpointMac).HasMaxLength(64).IsUnicode(false).IsRequired();
    }
}
