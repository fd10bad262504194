using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SecureAiChat.Core.Alerts;

internal sealed class WorkspaceAlertConfiguration : IEntityTypeConfiguration<WorkspaceAlert>
{
    public void Configure(EntityTypeBuilder<WorkspaceAlert> builder)
    {
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Kind).HasConversion<string>().HasMaxLength(32);
        builder.Property(a => a.OpenGuard).HasMaxLength(64).IsRequired();
        builder.Property(a => a.Detail).HasMaxLength(64);
        // The open-once guard (see WorkspaceAlert): one open alert per kind and workspace, whoever inserts it.
        builder.HasIndex(a => new { a.TenantId, a.OpenGuard }).IsUnique();
        builder.HasIndex(a => new { a.TenantId, a.OpenedAt });
    }
}
