using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SecureAiChat.Core.Feedback;
using SecureAiChat.Core.Guidelines;
using SecureAiChat.Core.Onboarding;
using SecureAiChat.Core.Prompts;

namespace SecureAiChat.Core.Data.Configurations;

internal sealed class OnboardingWizardStateConfiguration : IEntityTypeConfiguration<OnboardingWizardState>
{
    public void Configure(EntityTypeBuilder<OnboardingWizardState> builder)
    {
        builder.HasKey(s => s.Id);
        // One row per workspace.
        builder.HasIndex(s => s.TenantId).IsUnique();
    }
}

internal sealed class PromptLibrarySettingsConfiguration : IEntityTypeConfiguration<PromptLibrarySettings>
{
    public void Configure(EntityTypeBuilder<PromptLibrarySettings> builder)
    {
        builder.HasKey(s => s.Id);
        builder.HasIndex(s => s.TenantId).IsUnique();
    }
}

internal sealed class GuidelineVersionConfiguration : IEntityTypeConfiguration<GuidelineVersion>
{
    public void Configure(EntityTypeBuilder<GuidelineVersion> builder)
    {
        builder.HasKey(v => v.Id);
        builder.HasIndex(v => new { v.TenantId, v.Number }).IsUnique();
        builder.Property(v => v.Title).HasMaxLength(200).IsRequired();
        builder.Property(v => v.Body).HasMaxLength(20000).IsRequired();
        builder.Property(v => v.PublishedByUserId).HasMaxLength(128).IsRequired();
    }
}

internal sealed class GuidelineAcceptanceConfiguration : IEntityTypeConfiguration<GuidelineAcceptance>
{
    public void Configure(EntityTypeBuilder<GuidelineAcceptance> builder)
    {
        builder.HasKey(a => a.Id);
        builder.Property(a => a.UserId).HasMaxLength(128).IsRequired();
        builder.HasIndex(a => new { a.TenantId, a.UserId, a.VersionNumber }).IsUnique();
    }
}

internal sealed class FeedbackEntryConfiguration : IEntityTypeConfiguration<FeedbackEntry>
{
    public void Configure(EntityTypeBuilder<FeedbackEntry> builder)
    {
        builder.HasKey(f => f.Id);
        builder.Property(f => f.UserId).HasMaxLength(128).IsRequired();
        builder.Property(f => f.Text).HasMaxLength(4000);
        builder.HasIndex(f => f.CreatedAt);
    }
}
