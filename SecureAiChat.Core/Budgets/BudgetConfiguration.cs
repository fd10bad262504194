using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SecureAiChat.Core.Budgets;

internal sealed class BudgetConfiguration : IEntityTypeConfiguration<Budget>
{
    public void Configure(EntityTypeBuilder<Budget> builder)
    {
        builder.ToTable("Budgets");
        builder.HasKey(b => b.Id);
        builder.Property(b => b.Scope).HasMaxLength(460).IsRequired();
        builder.Property(b => b.UserId).HasMaxLength(450);
        builder.HasIndex(b => new { b.TenantId, b.Scope }).IsUnique();
    }
}
