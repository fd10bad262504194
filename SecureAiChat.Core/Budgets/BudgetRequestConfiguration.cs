using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SecureAiChat.Core.Budgets;

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
