using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SecureAiChat.Core.Usage;

internal sealed class TokenReservationConfiguration : IEntityTypeConfiguration<TokenReservation>
{
    public void Configure(EntityTypeBuilder<TokenReservation> builder)
    {
        builder.ToTable("TokenReservations");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Pool).HasMaxLength(16).IsRequired();
        builder.HasIndex(r => new { r.TenantId, r.Pool, r.ExpiresAt });
        builder.HasIndex(r => r.ExpiresAt);
    }
}
