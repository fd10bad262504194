using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SecureAiChat.Core.Tenancy;

namespace SecureAiChat.Core.Provisioning;

internal sealed class SubdomainReservationConfiguration : IEntityTypeConfiguration<SubdomainReservation>
{
    public void Configure(EntityTypeBuilder<SubdomainReservation> builder)
    {
        builder.HasKey(r => r.Identifier);
        builder.Property(r => r.Identifier).HasMaxLength(TenantIdentifier.MaxLength);
        builder.Property(r => r.RequestId).HasMaxLength(64).IsRequired();
    }
}
