using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SecureAiChat.Core.Audit;

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.ToTable("AuditEntries");
        // The key is the chain position: a second writer of the same sequence fails instead of forking the chain.
        builder.HasKey(e => new { e.TenantId, e.Sequence });
        builder.Property(e => e.Sequence).ValueGeneratedNever();
        builder.HasIndex(e => new { e.TenantId, e.OccurredAt });
        AuditRecordColumns.Configure(builder);
    }
}
