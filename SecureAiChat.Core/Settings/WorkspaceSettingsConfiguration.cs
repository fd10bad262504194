using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SecureAiChat.Core.Settings;

internal sealed class WorkspaceSettingsConfiguration : IEntityTypeConfiguration<WorkspaceSettings>
{
    public void Configure(EntityTypeBuilder<WorkspaceSettings> builder)
    {
        builder.HasKey(s => s.Id);
        // One row per workspace.
        builder.HasIndex(s => s.TenantId).IsUnique();
        builder.Property(s => s.AiProvider).HasConversion<string>().HasMaxLength(32);
    }
}
