using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SecureAiChat.Core.Usage;

internal sealed class UsageRecordConfiguration : IEntityTypeConfiguration<UsageRecord>
{
    public void Configure(EntityTypeBuilder<UsageRecord> builder)
    {
        builder.ToTable("UsageRecords");
        builder.HasKey(u => u.Id);
        builder.Property(u => u.UserId).HasMaxLength(450).IsRequired();
        builder.Property(u => u.Provider).HasConversion<string>().HasMaxLength(32);
        builder.Property(u => u.Model).HasMaxLength(200).IsRequired();
        builder.Property(u => u.Source).HasConversion<string>().HasMaxLength(32);
        builder.Property(u => u.Status).HasConversion<string>().HasMaxLength(16);
    }

    /// <summary>
    /// The one index of the records: a workspace's records by time, carrying every column the rollup reads
    /// (<see cref="UsageRollupPass"/>), so the rollup reads the index in order and never visits the table. The records of
    /// all workspaces arrive interleaved in time, so the table holds a workspace's records about one to a page: read
    /// through a plain (workspace, time) index, every record cost a page of the table. SQLite has no included columns: there
    /// the columns follow the key. Every other reader of the records reads by workspace and time, so the index leads with
    /// the workspace and no separate workspace index is kept (<see cref="Data.ITenantLeadingIndexes"/>).
    /// </summary>
    internal static void IndexForRollups(EntityTypeBuilder<UsageRecord> builder, bool sqlite)
    {
        if (sqlite)
        {
            builder.HasIndex(
                u => new { u.TenantId, u.CreatedAt, u.UserId, u.DepartmentId, u.Model, u.Provider, u.Source, u.Status, u.InputTokens, u.OutputTokens, u.TimeToFirstTokenMs },
                "IX_UsageRecords_TenantId_CreatedAt");
            return;
        }

        var index = builder.HasIndex(u => new { u.TenantId, u.CreatedAt });
        SqlServerIndexBuilderExtensions.IncludeProperties(index, Covered);
        NpgsqlIndexBuilderExtensions.IncludeProperties(index, Covered);
    }

    private static readonly System.Linq.Expressions.Expression<Func<UsageRecord, object?>> Covered =
        u => new { u.UserId, u.DepartmentId, u.Model, u.Provider, u.Source, u.Status, u.InputTokens, u.OutputTokens, u.TimeToFirstTokenMs };
}
