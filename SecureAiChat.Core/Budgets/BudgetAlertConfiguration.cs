using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SecureAiChat.Core.Budgets;

internal sealed class BudgetAlertConfiguration : IEntityTypeConfiguration<BudgetAlert>
{
    public void Configure(EntityTypeBuilder<BudgetAlert> builder)
    {
        builder.ToTable("BudgetAlerts");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Subject).HasMaxLength(450).IsRequired();
        builder.Property(a => a.PeriodKey).HasMaxLength(16).IsRequired();
        // Insert-if-absent across instances: the second insert of the same alert fails here and sends nothing.
        builder.HasIndex(a => new { a.TenantId, a.BudgetId, a.Subject, a.PeriodKey, a.Threshold }).IsUnique();
    }
}
