using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace SecureAiChat.Core.Chat;

internal sealed class ConversationMessageConfiguration : IEntityTypeConfiguration<ConversationMessage>
{
    public void Configure(EntityTypeBuilder<ConversationMessage> builder)
    {
        builder.ToTable("ChatMessages");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Role).HasConversion<string>().HasMaxLength(16);
        builder.Property(m => m.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(m => m.Content).IsRequired();
        builder.Property(m => m.Model).HasMaxLength(200);
        // The same strings as before the enum (no migration): see MessageFailure.ToStored. Null stays null.
        builder.Property(m => m.Failure).HasColumnName("FailureCode").HasMaxLength(32)
            .HasConversion(new ValueConverter<MessageFailure, string>(f => f.ToStored(), s => MessageFailure.FromStored(s)));
        builder.HasIndex(m => new { m.ConversationId, m.CreatedAt });
    }
}
