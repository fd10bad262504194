using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SecureAiChat.Core.Onboarding;

internal sealed class OnboardingItemConfiguration : IEntityTypeConfiguration<OnboardingItem>
{
    public void Configure(EntityTypeBuilder<OnboardingItem> builder)
    {
        builder.HasKey(i => i.Id);
        builder.Property(i => i.Key).HasMaxLength(64).IsRequired();
        builder.HasIndex(i => new { i.TenantId, i.Key }).IsUnique();
        builder.Property(i => i.Phase).HasConversion<string>().HasMaxLength(16);
        builder.Property(i => i.CompletedByUserId).HasMaxLength(128);
        builder.Property(i => i.SkipReason).HasMaxLength(500);
        builder.Property(i => i.SkippedByUserId).HasMaxLength(128);
    }
}
