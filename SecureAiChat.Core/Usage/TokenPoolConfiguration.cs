using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SecureAiChat.Core.Usage;

internal sealed class TokenPoolConfiguration : IEntityTypeConfiguration<TokenPool>
{
    public void Configure(EntityTypeBuilder<TokenPool> builder)
    {
        builder.ToTable("TokenPools");
        builder.HasKey(p => new { p.TenantId, p.Pool });
        builder.Property(p => p.Pool).HasMaxLength(16);
    }
}
