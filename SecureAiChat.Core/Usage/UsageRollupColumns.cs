using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SecureAiChat.Core.Usage;

internal static class UsageRollupColumns
{
    public static void Configure<T>(EntityTypeBuilder<T> builder) where T : UsageRollupFigures
    {
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Model).HasMaxLength(200).IsRequired();
        builder.Property(r => r.Provider).HasConversion<string>().HasMaxLength(32);
        builder.Property(r => r.Source).HasConversion<string>().HasMaxLength(32);
        builder.Property(r => r.CostYen).HasPrecision(18, 6);
    }
}
