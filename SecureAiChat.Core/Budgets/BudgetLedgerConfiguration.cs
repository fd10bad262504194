using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SecureAiChat.Core.Budgets;

internal sealed class BudgetLedgerConfiguration : IEntityTypeConfiguration<BudgetLedger>
{
    public void Configure(EntityTypeBuilder<BudgetLedger> builder)
    {
        builder.ToTable("BudgetLedgers");
        // The id is derived from tenant, budget, subject and period (BudgetGate.LedgerId), never generated.
        builder.HasKey(l => l.Id);
        builder.Property(l => l.Id).ValueGeneratedNever();
        builder.Property(l => l.Subject).HasMaxLength(450).IsRequired();
        builder.Property(l => l.PeriodKey).HasMaxLength(16).IsRequired();
        builder.HasIndex(l => new { l.TenantId, l.BudgetId, l.PeriodKey });
    }
}
