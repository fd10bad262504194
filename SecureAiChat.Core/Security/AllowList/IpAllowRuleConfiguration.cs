using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SecureAiChat.Core.Security.AllowList;

internal sealed class IpAllowRuleConfiguration : IEntityTypeConfiguration<IpAllowRule>
{
    public void Configure(EntityTypeBuilder<IpAllowRule> builder)
    {
        builder.ToTable("IpAllowRules");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).HasMaxLength(32);
        // The longest canonical form, an IPv6 network with a three-digit prefix, is 43 characters.
        builder.Property(r => r.Network).HasMaxLength(64).IsRequired();
        builder.Property(r => r.Label).HasMaxLength(IpAllowRule.LabelMaxLength).IsRequired();
        builder.Property(r => r.CreatedBy).HasMaxLength(256).IsRequired();
        builder.HasIndex(r => new { r.TenantId, r.Network }).IsUnique();
    }
}
