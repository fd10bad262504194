using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SecureAiChat.Core.PersonalData;

internal sealed class PersonalDataPolicyConfiguration : IEntityTypeConfiguration<PersonalDataPolicy>
{
    public void Configure(EntityTypeBuilder<PersonalDataPolicy> builder)
    {
        builder.ToTable("PersonalDataPolicies");
        builder.HasKey(p => p.TenantId);
        builder.Property(p => p.TenantId).HasMaxLength(64);
        builder.Property(p => p.Actions).HasMaxLength(2000);
        // Up to CustomTerm.MaxTermsPerWorkspace terms of CustomTerm.MaxLength characters plus JSON: unbounded text.
        builder.Property(p => p.CustomTerms);
    }
}
