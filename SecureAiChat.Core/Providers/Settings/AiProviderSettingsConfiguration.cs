using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SecureAiChat.Core.Providers.Settings;

internal sealed class AiProviderSettingsConfiguration : IEntityTypeConfiguration<AiProviderSettings>
{
    public void Configure(EntityTypeBuilder<AiProviderSettings> builder)
    {
        builder.ToTable("AiProviderSettings");
        builder.HasKey(s => s.Id);
        // One row per workspace.
        builder.HasIndex(s => s.TenantId).IsUnique();
        builder.Property(s => s.Active).HasConversion<string>().HasMaxLength(32);
        foreach (var protectedKey in new[] { nameof(AiProviderSettings.OpenAiKeyProtected), nameof(AiProviderSettings.AzureKeyProtected), nameof(AiProviderSettings.CompatibleKeyProtected) })
            builder.Property<string?>(protectedKey).HasMaxLength(4000);
        foreach (var mask in new[] { nameof(AiProviderSettings.OpenAiKeyMask), nameof(AiProviderSettings.AzureKeyMask), nameof(AiProviderSettings.CompatibleKeyMask) })
            builder.Property<string?>(mask).HasMaxLength(32);
        foreach (var url in new[] { nameof(AiProviderSettings.OpenAiBaseUrl), nameof(AiProviderSettings.AzureEndpoint), nameof(AiProviderSettings.CompatibleBaseUrl) })
            builder.Property<string?>(url).HasMaxLength(2048);
        foreach (var list in new[] { nameof(AiProviderSettings.OpenAiModels), nameof(AiProviderSettings.AzureDeployments), nameof(AiProviderSettings.CompatibleModels) })
            builder.Property<string?>(list).HasMaxLength(4000);
        builder.Property(s => s.OpenAiOrganization).HasMaxLength(200);
        builder.Property(s => s.OpenAiProject).HasMaxLength(200);
        builder.Property(s => s.OpenAiDefaultModel).HasMaxLength(200);
        builder.Property(s => s.AzureApiVersion).HasMaxLength(40);
        builder.Property(s => s.ConfirmedByUserId).HasMaxLength(450);
    }
}
