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
        // HttpContext is absent in a circuit. Only statically rendered components may take it: pages marked
        // [ExcludeFromInteractiveRouting] (the account area gets it from its _Imports.razor), the document
        // root and the gate and error pages, which never run in a circuit.
        var staticByDesign = new[] { "SecureAiChat.Web.Components.App", "SecureAiChat.Web.Components.Pages.WorkspaceUnavailable", "SecureAiChat.Web.Components.Pages.Error" };
        var offenders = typeof(SecureAiChat.Web.Components.App).Assembly.GetTypes()
            .Where(t => typeof(Microsoft.AspNetCore.Components.IComponent).IsAssignableFrom(t))
            .Where(t => t.GetProperties(System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic)
                .Any(p => p.PropertyType == typeof(Microsoft.AspNetCore.Http.HttpContext) || p.PropertyType == typeof(Microsoft.AspNetCore.Http.IHttpContextAccessor)))
            .Where(t => !Attribute.IsDefined(t, typeof(Microsoft.AspNetCore.Components.ExcludeFromInteractiveRoutingAttribute)))
            .Where(t => !(t.Namespace ?? "").StartsWith("SecureAiChat.Web.Components.Account", StringComparison.Ordinal))
            .Where(t => !staticByDesign.Contains(t.FullName))
            .Select(t => t.FullName)
            .ToList();
        Assert.True(offenders.Count == 0, "Interactive components reading HttpContext: " + string.Join(", ", offenders));
    }

    [Fact]
    public void Account_area_renders_statically()
    {
        var imports = File.ReadAllText(Path.Combine(SolutionPaths.Project("SecureAiChat.Web"), "Components", "Account", "Pages", "_Imports.razor"));
        Assert.Contains("ExcludeFromInteractiveRouting", imports, StringComparison.Ordinal);
    }
}
