using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SecureAiChat.Core.Chat;
using SecureAiChat.Core.Usage;

namespace SecureAiChat.Core.Data.Configurations;

internal sealed class ConversationConfiguration : IEntityTypeConfiguration<Conversation>
{
    public void Configure(EntityTypeBuilder<Conversation> builder)
    {
        builder.ToTable("Conversations");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.UserId).HasMaxLength(450).IsRequired();
        builder.Property(c => c.Title).HasMaxLength(200).IsRequired();
        builder.Property(c => c.Model).HasMaxLength(200).IsRequired();
        builder.Property(c => c.SystemPrompt).HasMaxLength(8000);
        builder.HasIndex(c => new { c.TenantId, c.UserId, c.UpdatedAt });
        builder.HasMany(c => c.Messages).WithOne(m => m.Conversation).HasForeignKey(m => m.ConversationId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ConversationMessageConfiguration : IEntityTypeConfiguration<ConversationMessage>
{
    public void Configure(EntityTypeBuilder<ConversationMessage> builder)
    {
        builder.ToTable("ChatMessages");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Role).HasConversion<string>().HasMaxLength(16);
        builder.Property(m => m.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(m => m.Content).IsRequired();
        builder.Property(m => m.Model).HasMaxLength(200);
        builder.Property(m => m.FailureCode).HasMaxLength(32);
        builder.HasIndex(m => new { m.ConversationId, m.CreatedAt });
    }
}

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
        builder.HasIndex(u => new { u.TenantId, u.CreatedAt });
    }
}

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

internal sealed class UsageHourlyRollupConfiguration : IEntityTypeConfiguration<UsageHourlyRollup>
{
    public void Configure(EntityTypeBuilder<UsageHourlyRollup> builder)
    {
        builder.ToTable("UsageHourlyRollups");
        UsageRollupColumns.Configure(builder);
        builder.HasIndex(r => new { r.TenantId, r.HourStartUtc });
    }
}

internal sealed class UsageDailyRollupConfiguration : IEntityTypeConfiguration<UsageDailyRollup>
{
    public void Configure(EntityTypeBuilder<UsageDailyRollup> builder)
    {
        builder.ToTable("UsageDailyRollups");
        UsageRollupColumns.Configure(builder);
        builder.HasIndex(r => new { r.TenantId, r.Day });
    }
}

internal static class UsageRollupColumns
{
    public static void Configure<T>(EntityTypeBuilder<T> builder) where T : UsageRollupFigures
    {
        builder.HasKey(r => r.Id);
        builder.Property(r => r.UserId).HasMaxLength(450).IsRequired();
        builder.Property(r => r.Model).HasMaxLength(200).IsRequired();
        builder.Property(r => r.Provider).HasConversion<string>().HasMaxLength(32);
        builder.Property(r => r.Source).HasConversion<string>().HasMaxLength(32);
        builder.Property(r => r.CostYen).HasPrecision(18, 6);
    }
}

internal sealed class UsageRollupStateConfiguration : IEntityTypeConfiguration<UsageRollupState>
{
    public void Configure(EntityTypeBuilder<UsageRollupState> builder)
    {
        builder.ToTable("UsageRollupStates");
        builder.HasKey(s => s.Id);
        builder.HasIndex(s => s.TenantId).IsUnique();
    }
}

internal sealed class UsageMonthlyReportNoticeConfiguration : IEntityTypeConfiguration<UsageMonthlyReportNotice>
{
    public void Configure(EntityTypeBuilder<UsageMonthlyReportNotice> builder)
    {
        builder.ToTable("UsageMonthlyReportNotices");
        builder.HasKey(n => n.Id);
        builder.Property(n => n.Month).HasMaxLength(7).IsRequired();
        builder.HasIndex(n => new { n.TenantId, n.Month }).IsUnique();
    }
}
