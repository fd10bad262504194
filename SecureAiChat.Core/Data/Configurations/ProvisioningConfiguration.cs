using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SecureAiChat.Core.Onboarding;
using SecureAiChat.Core.Prompts;
using SecureAiChat.Core.Provisioning;
using SecureAiChat.Core.Sales;
using SecureAiChat.Core.Settings;
using SecureAiChat.Core.Tenancy;
using SecureAiChat.Core.Usage;

namespace SecureAiChat.Core.Data.Configurations;

internal sealed class ProvisioningRequestConfiguration : IEntityTypeConfiguration<ProvisioningRequest>
{
    public void Configure(EntityTypeBuilder<ProvisioningRequest> builder)
    {
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).HasMaxLength(64);
        builder.Property(r => r.StatusId).HasMaxLength(64).IsRequired();
        builder.HasIndex(r => r.StatusId).IsUnique();
        builder.Property(r => r.BindingTokenHash).HasMaxLength(64);
        builder.HasIndex(r => r.BindingTokenHash);
        builder.Property(r => r.BrowserSecretHash).HasMaxLength(64);
        builder.Property(r => r.TenantId).HasMaxLength(64).IsRequired();
        builder.HasIndex(r => r.TenantId).IsUnique();
        builder.Property(r => r.Identifier).HasMaxLength(TenantIdentifier.MaxLength).IsRequired();
        builder.HasIndex(r => r.Identifier);
        builder.Property(r => r.CompanyName).HasMaxLength(200).IsRequired();
        builder.Property(r => r.AdminName).HasMaxLength(100).IsRequired();
        builder.Property(r => r.AdminEmail).HasMaxLength(256).IsRequired();
        builder.Property(r => r.AdminPasswordHash).HasMaxLength(512);
        builder.Property(r => r.Plan).HasMaxLength(32).IsRequired();
        builder.Property(r => r.Culture).HasMaxLength(16);
        builder.Property(r => r.PlatformBaseUrl).HasMaxLength(256);
        builder.Property(r => r.ClientAddress).HasMaxLength(64);
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.JobId).HasMaxLength(64);
        builder.Property(r => r.AdminUserId).HasMaxLength(128);
        builder.Property(r => r.Error).HasMaxLength(2000);
        builder.Property(r => r.ConcurrencyStamp).HasMaxLength(64).IsConcurrencyToken();
        builder.HasIndex(r => r.CreatedAt);
        builder.HasMany(r => r.Steps).WithOne().HasForeignKey(s => s.RequestId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ProvisioningStepRecordConfiguration : IEntityTypeConfiguration<ProvisioningStepRecord>
{
    public void Configure(EntityTypeBuilder<ProvisioningStepRecord> builder)
    {
        builder.HasKey(s => s.Id);
        builder.Property(s => s.RequestId).HasMaxLength(64);
        builder.Property(s => s.Step).HasConversion<string>().HasMaxLength(32);
        builder.Property(s => s.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(s => s.Error).HasMaxLength(2000);
        builder.HasIndex(s => new { s.RequestId, s.Step }).IsUnique();
    }
}

internal sealed class SubdomainReservationConfiguration : IEntityTypeConfiguration<SubdomainReservation>
{
    public void Configure(EntityTypeBuilder<SubdomainReservation> builder)
    {
        builder.HasKey(r => r.Identifier);
        builder.Property(r => r.Identifier).HasMaxLength(TenantIdentifier.MaxLength);
        builder.Property(r => r.RequestId).HasMaxLength(64).IsRequired();
    }
}

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

internal sealed class PromptTemplateConfiguration : IEntityTypeConfiguration<PromptTemplate>
{
    public void Configure(EntityTypeBuilder<PromptTemplate> builder)
    {
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Key).HasMaxLength(64);
        builder.HasIndex(t => new { t.TenantId, t.Key }).IsUnique();
        builder.Property(t => t.Title).HasMaxLength(100).IsRequired();
        builder.Property(t => t.Description).HasMaxLength(400);
        builder.Property(t => t.Body).HasMaxLength(8000).IsRequired();
        builder.Property(t => t.Category).HasMaxLength(40);
        builder.Property(t => t.OwnerUserId).HasMaxLength(128);
        builder.Property(t => t.CreatedByUserId).HasMaxLength(128);
        builder.HasIndex(t => new { t.TenantId, t.OwnerUserId });
    }
}

internal sealed class UsageGuidelineConfiguration : IEntityTypeConfiguration<UsageGuideline>
{
    public void Configure(EntityTypeBuilder<UsageGuideline> builder)
    {
        builder.HasKey(g => g.Id);
        builder.Property(g => g.Title).HasMaxLength(200).IsRequired();
        builder.Property(g => g.Body).HasMaxLength(20000).IsRequired();
    }
}

internal sealed class OnboardingItemConfiguration : IEntityTypeConfiguration<OnboardingItem>
{
    public void Configure(EntityTypeBuilder<OnboardingItem> builder)
    {
        builder.HasKey(i => i.Id);
        builder.Property(i => i.Key).HasMaxLength(64).IsRequired();
        builder.HasIndex(i => new { i.TenantId, i.Key }).IsUnique();
        builder.Property(i => i.Phase).HasConversion<string>().HasMaxLength(16);
        builder.Property(i => i.CompletedByUserId).HasMaxLength(128);
        builder.Property(i => i.SkipReason).HasMaxLength(500);
        builder.Property(i => i.SkippedByUserId).HasMaxLength(128);
    }
}

internal sealed class AlertRuleConfiguration : IEntityTypeConfiguration<AlertRule>
{
    public void Configure(EntityTypeBuilder<AlertRule> builder)
    {
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Kind).HasConversion<string>().HasMaxLength(32);
        builder.HasIndex(r => new { r.TenantId, r.Kind, r.ThresholdPercent }).IsUnique();
    }
}

internal sealed class WorkspaceSettingsConfiguration : IEntityTypeConfiguration<WorkspaceSettings>
{
    public void Configure(EntityTypeBuilder<WorkspaceSettings> builder)
    {
        builder.HasKey(s => s.Id);
        // One row per workspace.
        builder.HasIndex(s => s.TenantId).IsUnique();
        builder.Property(s => s.AiProvider).HasConversion<string>().HasMaxLength(32);
    }
}

internal sealed class WorkspaceLoginLinkConfiguration : IEntityTypeConfiguration<WorkspaceLoginLink>
{
    public void Configure(EntityTypeBuilder<WorkspaceLoginLink> builder)
    {
        builder.HasKey(l => l.Id);
        builder.Property(l => l.UserId).HasMaxLength(128).IsRequired();
        builder.Property(l => l.TokenHash).HasMaxLength(64).IsRequired();
        builder.HasIndex(l => l.TokenHash).IsUnique();
    }
}
