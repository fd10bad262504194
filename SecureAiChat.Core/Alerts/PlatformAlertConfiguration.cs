using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SecureAiChat.Core.Alerts;

internal sealed class PlatformAlertConfiguration : IEntityTypeConfiguration<PlatformAlert>
{
    public void Configure(EntityTypeBuilder<PlatformAlert> builder)
    {
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Kind).HasConversion<string>().HasMaxLength(32);
        builder.Property(a => a.Subject).HasMaxLength(128).IsRequired();
        builder.Property(a => a.OpenGuard).HasMaxLength(200).IsRequired();
        builder.Property(a => a.Detail).HasMaxLength(200);
        builder.HasIndex(a => a.OpenGuard).IsUnique();
        builder.HasIndex(a => a.OpenedAt);
    }
}
