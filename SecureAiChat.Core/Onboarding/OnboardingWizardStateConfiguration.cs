using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SecureAiChat.Core.Onboarding;

internal sealed class OnboardingWizardStateConfiguration : IEntityTypeConfiguration<OnboardingWizardState>
{
    public void Configure(EntityTypeBuilder<OnboardingWizardState> builder)
    {
        builder.HasKey(s => s.Id);
        // One row per workspace.
        builder.HasIndex(s => s.TenantId).IsUnique();
    }
}
