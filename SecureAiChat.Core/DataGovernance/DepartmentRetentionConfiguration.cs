using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SecureAiChat.Core.DataGovernance;

internal sealed class DepartmentRetentionConfiguration : IEntityTypeConfiguration<DepartmentRetention>
{
    public void Configure(EntityTypeBuilder<DepartmentRetention> builder)
    {
        builder.ToTable("DepartmentRetentions");
        builder.HasKey(r => r.Id);
        builder.HasIndex(r => new { r.TenantId, r.DepartmentId }).IsUnique();
    }
}
