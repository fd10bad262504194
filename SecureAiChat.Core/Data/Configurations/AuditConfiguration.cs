using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SecureAiChat.Core.Audit;

namespace SecureAiChat.Core.Data.Configurations;

internal static class AuditRecordColumns
{
    /// <summary>The columns both chains share; lengths bound what a caller can put in an entry.</summary>
    public static void Configure<T>(EntityTypeBuilder<T> builder) where T : AuditRecord
    {
        builder.Ignore(e => e.ChainKey);
        builder.Property(e => e.OccurredAt).HasConversion(v => v, v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
        builder.Property(e => e.ActorKind).HasConversion<string>().HasMaxLength(16);
        builder.Property(e => e.ActorId).HasMaxLength(128);
        builder.Property(e => e.ActorName).HasMaxLength(256);
        builder.Property(e => e.ActorRole).HasMaxLength(32);
        builder.Property(e => e.Action).HasMaxLength(64).IsRequired();
        builder.Property(e => e.TargetType).HasMaxLength(32).IsRequired();
        builder.Property(e => e.TargetId).HasMaxLength(128);
        builder.Property(e => e.TargetDisplay).HasMaxLength(256);
        builder.Property(e => e.Outcome).HasConversion<string>().HasMaxLength(16);
        builder.Property(e => e.ClientAddress).HasMaxLength(64);
        builder.Property(e => e.UserAgent).HasMaxLength(AuditActor.MaxUserAgentLength);
        builder.Property(e => e.Details).HasMaxLength(4000);
        builder.Property(e => e.PreviousHash).HasMaxLength(64).IsUnicode(false).IsRequired();
        builder.Property(e => e.Hash).HasMaxLength(64).IsUnicode(false).IsRequired();
    }
}

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

internal sealed class PlatformAuditEntryConfiguration : IEntityTypeConfiguration<PlatformAuditEntry>
{
    public void Configure(EntityTypeBuilder<PlatformAuditEntry> builder)
    {
        builder.ToTable("PlatformAuditEntries");
        builder.HasKey(e => e.Sequence);
        builder.Property(e => e.Sequence).ValueGeneratedNever();
        builder.HasIndex(e => e.OccurredAt);
        AuditRecordColumns.Configure(builder);
    }
}

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

internal sealed class AuditMonthlyNoticeConfiguration : IEntityTypeConfiguration<AuditMonthlyNotice>
{
    public void Configure(EntityTypeBuilder<AuditMonthlyNotice> builder)
    {
        builder.ToTable("AuditMonthlyNotices");
        builder.HasKey(n => n.Id);
        builder.Property(n => n.Month).HasMaxLength(7).IsRequired();
        builder.Property(n => n.Hash).HasMaxLength(64).IsUnicode(false).IsRequired();
        // One mail per workspace and month, however often (and on however many servers) the job runs.
        builder.HasIndex(n => new { n.TenantId, n.Month }).IsUnique();
    }
}
