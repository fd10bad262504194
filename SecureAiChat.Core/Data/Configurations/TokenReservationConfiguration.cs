using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SecureAiChat.Core.Usage;

namespace SecureAiChat.Core.Data.Configurations;

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

internal sealed class TokenPoolConfiguration : IEntityTypeConfiguration<TokenPool>
{
    public void Configure(EntityTypeBuilder<TokenPool> builder)
    {
        builder.ToTable("TokenPools");
        builder.HasKey(p => new { p.TenantId, p.Pool });
        builder.Property(p => p.Pool).HasMaxLength(16);
    }
}
