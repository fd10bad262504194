using Microsoft.Extensions.DependencyInjection;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Onboarding;
using SecureAiChat.Core.Provisioning;

namespace SecureAiChat.Tests.Infrastructure;

/// <summary>What provisioning gives a new workspace (starter templates, draft guideline, checklist), for tenants tests create directly.</summary>
public static class WorkspaceSeed
{
    public static async Task SeedDefaultsAsync(this AppHost app, string tenantId)
    {
        await using var scope = await app.TenantScopeAsync(tenantId);
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        if (db.OnboardingItems.Any()) return;
        db.PromptTemplates.AddRange(WorkspaceDefaults.StarterTemplates());
        db.UsageGuidelines.Add(WorkspaceDefaults.DraftGuideline());
        var order = 0;
        foreach (var (key, phase) in OnboardingChecklist.Items) db.OnboardingItems.Add(new OnboardingItem { Key = key, Phase = phase, SortOrder = ++order });
        await db.SaveChangesAsync();
    }

    /// <summary>Runs <paramref name="action"/> with a service of the tenant's scope.</summary>
    public static async Task<TResult> InTenantAsync<TService, TResult>(this AppHost app, string tenantId, Func<TService, Task<TResult>> action)
        where TService : notnull
    {
        await using var scope = await app.TenantScopeAsync(tenantId);
        return await action(scope.ServiceProvider.GetRequiredService<TService>());
    }
}
