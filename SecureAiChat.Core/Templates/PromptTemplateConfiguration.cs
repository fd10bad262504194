using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SecureAiChat.Core.Templates;

internal sealed class PromptTemplateConfiguration : IEntityTypeConfiguration<PromptTemplate>
{
    public void Configure(EntityTypeBuilder<PromptTemplate> builder)
    {
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Key).HasMaxLength(64);
        builder.HasIndex(t => new { t.TenantId, t.Key }).IsUnique();
        builder.Property(t => t.Title).HasMaxLength(100).IsRequired();
        builder.Property(t => t.Description).HasMaxLength(400);
        builder.Property(t => t.Body).HasMaxLength(8000).IsRequired();
        builder.Property(t => t.Category).HasMaxLength(40);
        builder.Property(t => t.OwnerUserId).HasMaxLength(128);
        builder.Property(t => t.CreatedByUserId).HasMaxLength(128);
        builder.HasIndex(t => new { t.TenantId, t.OwnerUserId });
    }
}
