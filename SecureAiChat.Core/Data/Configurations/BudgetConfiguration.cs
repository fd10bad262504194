using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SecureAiChat.Core.Budgets;

namespace SecureAiChat.Core.Data.Configurations;

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

internal sealed class BudgetReservationConfiguration : IEntityTypeConfiguration<BudgetReservation>
{
    public void Configure(EntityTypeBuilder<BudgetReservation> builder)
    {
        builder.ToTable("BudgetReservations");
        builder.HasKey(r => r.Id);
        builder.HasIndex(r => r.ExpiresAt);
    }
}
