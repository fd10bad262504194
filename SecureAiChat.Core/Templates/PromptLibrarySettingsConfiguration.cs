using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SecureAiChat.Core.Templates;

internal sealed class PromptLibrarySettingsConfiguration : IEntityTypeConfiguration<PromptLibrarySettings>
{
    public void Configure(EntityTypeBuilder<PromptLibrarySettings> builder)
    {
        builder.HasKey(s => s.Id);
        builder.HasIndex(s => s.TenantId).IsUnique();
    }
}
