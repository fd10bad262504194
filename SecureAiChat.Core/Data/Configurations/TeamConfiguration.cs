using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SecureAiChat.Core.Audit;
using SecureAiChat.Core.Security;
using SecureAiChat.Core.Team;

namespace SecureAiChat.Core.Data.Configurations;

internal sealed class InvitationConfiguration : IEntityTypeConfiguration<Invitation>
{
    public void Configure(EntityTypeBuilder<Invitation> builder)
    {
        builder.ToTable("Invitations");
        builder.HasKey(i => i.Id);
        builder.Property(i => i.Email).HasMaxLength(256).IsRequired();
        builder.Property(i => i.NormalizedEmail).HasMaxLength(256).IsRequired();
        builder.Property(i => i.Role).HasMaxLength(16).IsRequired();
        builder.Property(i => i.TokenHash).HasMaxLength(64).IsRequired();
        builder.Property(i => i.InvitedByUserId).HasMaxLength(128).IsRequired();
        builder.Property(i => i.AcceptedUserId).HasMaxLength(128);
        builder.HasIndex(i => i.TokenHash).IsUnique();
        builder.HasIndex(i => new { i.TenantId, i.NormalizedEmail });
    }
}

internal sealed class DepartmentConfiguration : IEntityTypeConfiguration<Department>
{
    public void Configure(EntityTypeBuilder<Department> builder)
    {
        builder.ToTable("Departments");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Name).HasMaxLength(Department.NameMaxLength).IsRequired();
        builder.HasIndex(d => new { d.TenantId, d.Name }).IsUnique();
    }
}

internal sealed class TeamSettingsConfiguration : IEntityTypeConfiguration<TeamSettings>
{
    public void Configure(EntityTypeBuilder<TeamSettings> builder)
    {
        builder.ToTable("TeamSettings");
        builder.HasKey(s => s.TenantId);
        builder.Property(s => s.TenantId).HasMaxLength(64);
        builder.Property(s => s.ChatRollout).HasConversion<string>().HasMaxLength(24);
    }
}

internal sealed class SecuritySettingsConfiguration : IEntityTypeConfiguration<SecuritySettings>
{
    public void Configure(EntityTypeBuilder<SecuritySettings> builder)
    {
        builder.ToTable("SecuritySettings");
        builder.HasKey(s => s.TenantId);
        builder.Property(s => s.TenantId).HasMaxLength(64);
        builder.Property(s => s.AllowedEmailDomains).HasMaxLength(1000);
        builder.Property(s => s.TwoFactorRequirement).HasConversion<string>().HasMaxLength(16);
        builder.Ignore(s => s.AllowedDomainList);
    }
}

internal sealed class SettingsChangeConfiguration : IEntityTypeConfiguration<SettingsChange>
{
    public void Configure(EntityTypeBuilder<SettingsChange> builder)
    {
        builder.ToTable("SettingsChanges");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Area).HasMaxLength(32).IsRequired();
        builder.Property(c => c.Setting).HasMaxLength(64).IsRequired();
        builder.Property(c => c.OldValue).HasMaxLength(2000);
        builder.Property(c => c.NewValue).HasMaxLength(2000);
        builder.Property(c => c.ChangedByUserId).HasMaxLength(128).IsRequired();
        builder.Property(c => c.ChangedByEmail).HasMaxLength(256).IsRequired();
    }
}
