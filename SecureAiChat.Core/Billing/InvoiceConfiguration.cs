using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SecureAiChat.Core.Billing;

internal sealed class InvoiceConfiguration : IEntityTypeConfiguration<Invoice>
{
    public void Configure(EntityTypeBuilder<Invoice> builder)
    {
        builder.ToTable("Invoices");
        builder.HasKey(i => i.Id);
        builder.Property(i => i.TenantId).HasMaxLength(64).IsRequired();
        builder.Property(i => i.BillingMonth).HasMaxLength(7).IsRequired();
        // One invoice per workspace and month: the job's idempotency rests on it.
        builder.HasIndex(i => new { i.TenantId, i.BillingMonth }).IsUnique();
        builder.Property(i => i.IssuerRegistrationNumber).HasMaxLength(14).IsRequired();
        // Gapless per issuer: the sequence hands numbers out, the index makes a duplicate impossible.
        builder.HasIndex(i => new { i.IssuerRegistrationNumber, i.Number }).IsUnique();
        builder.Property(i => i.IssuerName).HasMaxLength(200).IsRequired();
        builder.Property(i => i.IssuerAddress).HasMaxLength(400).IsRequired();
        builder.Property(i => i.IssuerContact).HasMaxLength(200);
        builder.Property(i => i.BankAccount).HasMaxLength(400).IsRequired();
        builder.Property(i => i.CustomerName).HasMaxLength(200).IsRequired();
        builder.Property(i => i.WorkspaceIdentifier).HasMaxLength(64).IsRequired();
        builder.HasIndex(i => i.DueDate);
        builder.Property(i => i.PaymentMethod).HasConversion<string>().HasMaxLength(16);
        builder.Property(i => i.PaymentNote).HasMaxLength(500);
        builder.Property(i => i.PaidRecordedBy).HasMaxLength(256);
        builder.HasMany(i => i.Lines).WithOne().HasForeignKey(l => l.InvoiceId).OnDelete(DeleteBehavior.Cascade);
        builder.Ignore(i => i.DisplayNumber);
        builder.Ignore(i => i.IsPaid);
    }
}
