using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SecureAiChat.Core.Budgets;

internal sealed class BudgetReservationConfiguration : IEntityTypeConfiguration<BudgetReservation>
{
    public void Configure(EntityTypeBuilder<BudgetReservation> builder)
    {
        builder.ToTable("BudgetReservations");
        builder.HasKey(r => r.Id);
        builder.HasIndex(r => r.ExpiresAt);
    }
}
