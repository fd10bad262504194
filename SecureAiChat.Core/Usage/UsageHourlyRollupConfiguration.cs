using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SecureAiChat.Core.Usage;

internal sealed class UsageHourlyRollupConfiguration : IEntityTypeConfiguration<UsageHourlyRollup>
{
    public void Configure(EntityTypeBuilder<UsageHourlyRollup> builder)
    {
        builder.ToTable("UsageHourlyRollups");
        UsageRollupColumns.Configure(builder);
        builder.HasIndex(r => new { r.TenantId, r.HourStartUtc });
    }
}
