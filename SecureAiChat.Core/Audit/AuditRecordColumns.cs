using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SecureAiChat.Core.Audit;

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
