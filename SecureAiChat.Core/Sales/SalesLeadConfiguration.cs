using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SecureAiChat.Core.Sales;

internal sealed class SalesLeadConfiguration : IEntityTypeConfiguration<SalesLead>
{
    public void Configure(EntityTypeBuilder<SalesLead> builder)
    {
        builder.HasKey(l => l.Id);
        builder.Property(l => l.CompanyName).HasMaxLength(200).IsRequired();
        builder.Property(l => l.ContactName).HasMaxLength(100).IsRequired();
        builder.Property(l => l.Email).HasMaxLength(256).IsRequired();
        builder.Property(l => l.Phone).HasMaxLength(32);
        builder.Property(l => l.PreferredPlan).HasMaxLength(32);
        builder.Property(l => l.Message).HasMaxLength(4000);
        builder.Property(l => l.Culture).HasMaxLength(16);
        builder.Property(l => l.ClientAddress).HasMaxLength(64);
        builder.HasIndex(l => l.CreatedAt);
        builder.Property(l => l.Stage).HasConversion<string>().HasMaxLength(16);
        builder.Property(l => l.OwnerEmail).HasMaxLength(256);
        builder.Property(l => l.NextAction).HasMaxLength(SalesPipeline.NextActionMaxLength);
        builder.Property(l => l.Notes).HasMaxLength(SalesPipeline.NotesMaxLength);
        builder.Property(l => l.LostReason).HasMaxLength(SalesPipeline.ReasonMaxLength);
        builder.Property(l => l.TenantId).HasMaxLength(64);
        builder.Property(l => l.ConcurrencyStamp).HasMaxLength(64).IsConcurrencyToken();
    }
}
