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

internal sealed class BudgetRequestConfiguration : IEntityTypeConfiguration<BudgetRequest>
{
    public void Configure(EntityTypeBuilder<BudgetRequest> builder)
    {
        builder.ToTable("BudgetRequests");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Subject).HasMaxLength(450).IsRequired();
        builder.Property(r => r.PeriodKey).HasMaxLength(16).IsRequired();
        builder.Property(r => r.RequesterId).HasMaxLength(450).IsRequired();
        builder.Property(r => r.DeciderId).HasMaxLength(450);
        builder.Property(r => r.Reason).HasMaxLength(BudgetRequest.ReasonMaxLength).IsRequired();
        builder.Property(r => r.Comment).HasMaxLength(BudgetRequest.CommentMaxLength);
        builder.HasIndex(r => new { r.TenantId, r.Status, r.CreatedAt });
    }
}

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
