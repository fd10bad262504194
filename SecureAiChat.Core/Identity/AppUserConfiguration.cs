using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SecureAiChat.Core.Identity;

/// <summary>Identity's default indexes are global; here names and emails are unique per tenant instead.</summary>
internal sealed class AppUserConfiguration : IEntityTypeConfiguration<AppUser>
{
    public void Configure(EntityTypeBuilder<AppUser> builder)
    {
        var globalNameIndex = builder.Metadata.GetIndexes().FirstOrDefault(i => i.GetDatabaseName() == "UserNameIndex");
        if (globalNameIndex is not null) builder.Metadata.RemoveIndex(globalNameIndex);
        var emailIndex = builder.Metadata.GetIndexes().FirstOrDefault(i => i.GetDatabaseName() == "EmailIndex");
        if (emailIndex is not null) builder.Metadata.RemoveIndex(emailIndex);

        builder.HasIndex(u => new { u.TenantId, u.NormalizedUserName }).IsUnique().HasDatabaseName("UserNameIndex");
        builder.HasIndex(u => new { u.TenantId, u.NormalizedEmail }).IsUnique().HasDatabaseName("EmailIndex");
        builder.Property(u => u.DisplayName).HasMaxLength(100);
        builder.Property(u => u.Culture).HasMaxLength(16);
        builder.Property(u => u.TimeZoneId).HasMaxLength(64);
    }
}
