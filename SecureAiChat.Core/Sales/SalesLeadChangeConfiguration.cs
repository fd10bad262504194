using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SecureAiChat.Core.Sales;

internal sealed class SalesLeadChangeConfiguration : IEntityTypeConfiguration<SalesLeadChange>
{
    public void Configure(EntityTypeBuilder<SalesLeadChange> builder)
    {
        builder.HasKey(c => c.Id);
        builder.HasIndex(c => c.LeadId);
        builder.Property(c => c.Actor).HasMaxLength(256).IsRequired();
        builder.Property(c => c.Field).HasMaxLength(32).IsRequired();
        builder.Property(c => c.FromValue).HasMaxLength(SalesPipeline.NotesMaxLength);
        builder.Property(c => c.ToValue).HasMaxLength(SalesPipeline.NotesMaxLength);
    }
}
