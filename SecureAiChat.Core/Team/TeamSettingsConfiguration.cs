using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SecureAiChat.Core.Team;

internal sealed class TeamSettingsConfiguration : IEntityTypeConfiguration<TeamSettings>
{
    public void Configure(EntityTypeBuilder<TeamSettings> builder)
    {
        builder.ToTable("TeamSettings");
        builder.HasKey(s => s.TenantId);
        builder.Property(s => s.TenantId).HasMaxLength(64);
        builder.Property(s => s.ChatRollout).HasConversion<string>().HasMaxLength(24);
    }
}
