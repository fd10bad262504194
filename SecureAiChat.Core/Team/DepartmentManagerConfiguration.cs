using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SecureAiChat.Core.Team;

internal sealed class DepartmentManagerConfiguration : IEntityTypeConfiguration<SecureAiChat.Core.Team.DepartmentManager>
{
    public void Configure(EntityTypeBuilder<SecureAiChat.Core.Team.DepartmentManager> builder)
    {
        builder.ToTable("DepartmentManagers");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.UserId).HasMaxLength(450).IsRequired();
        builder.HasIndex(m => new { m.TenantId, m.DepartmentId, m.UserId }).IsUnique();
    }
}
