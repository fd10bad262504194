using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SecureAiChat.Core.Security;

internal sealed class ThrottleWindowConfiguration : IEntityTypeConfiguration<ThrottleWindow>
{
    public void Configure(EntityTypeBuilder<ThrottleWindow> builder)
    {
        builder.ToTable("ThrottleWindows");
        builder.HasKey(w => w.Key);
        builder.Property(w => w.Key).HasMaxLength(64);
    }
}
