using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SecureAiChat.Core.Provisioning;

internal sealed class WorkspaceLoginLinkConfiguration : IEntityTypeConfiguration<WorkspaceLoginLink>
{
    public void Configure(EntityTypeBuilder<WorkspaceLoginLink> builder)
    {
        builder.HasKey(l => l.Id);
        builder.Property(l => l.UserId).HasMaxLength(128).IsRequired();
        builder.Property(l => l.TokenHash).HasMaxLength(64).IsRequired();
        builder.HasIndex(l => l.TokenHash).IsUnique();
    }
}
