using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SecureAiChat.Core.Audit;

internal sealed class SettingsChangeConfiguration : IEntityTypeConfiguration<SettingsChange>
{
    public void Configure(EntityTypeBuilder<SettingsChange> builder)
    {
        builder.ToTable("SettingsChanges");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Area).HasMaxLength(32).IsRequired();
        builder.Property(c => c.Setting).HasMaxLength(64).IsRequired();
        builder.Property(c => c.OldValue).HasMaxLength(2000);
        builder.Property(c => c.NewValue).HasMaxLength(2000);
        builder.Property(c => c.ChangedByUserId).HasMaxLength(128).IsRequired();
        builder.Property(c => c.ChangedByEmail).HasMaxLength(256).IsRequired();
    }
}
