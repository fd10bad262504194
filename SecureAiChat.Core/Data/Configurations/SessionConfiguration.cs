using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SecureAiChat.Core.Identity;
using SecureAiChat.Core.Security;

namespace SecureAiChat.Core.Data.Configurations;

internal sealed class UserSessionConfiguration : IEntityTypeConfiguration<UserSession>
{
    public void Configure(EntityTypeBuilder<UserSession> builder)
    {
        builder.ToTable("UserSessions");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).HasMaxLength(32);
        builder.Property(s => s.UserId).HasMaxLength(128).IsRequired();
        builder.HasIndex(s => new { s.TenantId, s.UserId });
    }
}

internal sealed class ThrottleWindowConfiguration : IEntityTypeConfiguration<ThrottleWindow>
{
    public void Configure(EntityTypeBuilder<ThrottleWindow> builder)
    {
        builder.ToTable("ThrottleWindows");
        builder.HasKey(w => w.Key);
        builder.Property(w => w.Key).HasMaxLength(64);
    }
}
