using Microsoft.EntityFrameworkCore;
using SecureAiChat.Core.Data;
using SecureAiChat.Tests.Infrastructure;

namespace SecureAiChat.Tests.Architecture;

public sealed class ArchitectureTests
{
    [Fact]
    public void Core_does_not_depend_on_the_web_project()
    {
        var references = typeof(AppDbContext).Assembly.GetReferencedAssemblies().Select(a => a.Name).ToList();
        Assert.DoesNotContain("SecureAiChat.Web", references);
        Assert.DoesNotContain("MudBlazor", references);
    }

    [Fact]
    public void Every_entity_is_tenant_owned_with_the_named_filter_or_explicitly_global()
    {
        using var db = new TestDatabase().Context(null);
        var offenders = new List<string>();
        foreach (var entityType in db.Model.GetEntityTypes().Where(t => !t.IsOwned()))
        {
            var tenantOwned = typeof(ITenantOwned).IsAssignableFrom(entityType.ClrType);
            var global = typeof(IGlobalEntity).IsAssignableFrom(entityType.ClrType)
                || entityType.ClrType == typeof(Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.DataProtectionKey);
            var filtered = entityType.GetDeclaredQueryFilters().Any(f => f.Key == TenantFilter.Name);
            if (tenantOwned == global) offenders.Add($"{entityType.ClrType.Name}: must be exactly one of tenant-owned or global");
            else if (tenantOwned && !filtered) offenders.Add($"{entityType.ClrType.Name}: tenant-owned without the '{TenantFilter.Name}' filter");
        }
        Assert.True(offenders.Count == 0, string.Join(Environment.NewLine, offenders));
    }

    [Fact]
    public void Interactive_components_never_read_HttpContext()
    {
        // HttpContext is absent in a circuit; only statically rendered pages (account pages, App, the gate page) may use it.
        var root = SolutionPaths.Project("SecureAiChat.Web");
        var offenders = Directory.EnumerateFiles(root, "*.razor", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(f => File.ReadAllText(f).Contains("HttpContext", StringComparison.Ordinal))
            .Where(f => !File.ReadAllText(f).Contains("ExcludeFromInteractiveRouting", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(root, f))
            .Where(f => f is not "Components/App.razor" and not "Components/Pages/WorkspaceUnavailable.razor" and not "Components/Pages/Error.razor")
            .ToList();
        Assert.True(offenders.Count == 0, "Interactive components reading HttpContext: " + string.Join(", ", offenders));
    }
}
