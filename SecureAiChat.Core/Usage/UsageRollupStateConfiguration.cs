using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SecureAiChat.Core.Usage;

internal sealed class UsageRollupStateConfiguration : IEntityTypeConfiguration<UsageRollupState>
{
    public void Configure(EntityTypeBuilder<UsageRollupState> builder)
    {
        builder.ToTable("UsageRollupStates");
        builder.HasKey(s => s.Id);
        builder.HasIndex(s => s.TenantId).IsUnique();
    }
}
