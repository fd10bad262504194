using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace SecureAiChat.Core.Tenancy;

/// <summary>Fluent registration shaped like Finbuckle's: <c>AddMultiTenant&lt;T&gt;().WithHostStrategy().WithEFCoreStore()</c>.</summary>
public sealed class MultiTenantBuilder(IServiceCollection services)
{
    public IServiceCollection Services { get; } = services;

    public MultiTenantBuilder WithHostStrategy()
    {
        Services.TryAddSingleton<IMultiTenantStrategy, HostStrategy>();
        return this;
    }

    public MultiTenantBuilder WithEFCoreStore()
    {
        Services.AddMemoryCache();
        Services.TryAddScoped<IMultiTenantStore<AppTenantInfo>, EFCoreTenantStore>();
        return this;
    }
}

public static class MultiTenantServiceCollectionExtensions
{
    public static MultiTenantBuilder AddMultiTenant<TTenantInfo>(this IServiceCollection services)
        where TTenantInfo : class, ITenantInfo
    {
        if (typeof(TTenantInfo) != typeof(AppTenantInfo))
            throw new NotSupportedException("This module serves AppTenantInfo only.");

        services.AddOptions<TenancyOptions>().BindConfiguration(TenancyOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddScoped<MultiTenantContextHolder>();
        services.TryAddScoped<IMultiTenantContextAccessor<AppTenantInfo>>(sp => sp.GetRequiredService<MultiTenantContextHolder>());
        services.TryAddScoped<IMultiTenantContextSetter>(sp => sp.GetRequiredService<MultiTenantContextHolder>());
        services.TryAddScoped<ICurrentTenant>(sp => sp.GetRequiredService<MultiTenantContextHolder>());
        services.TryAddScoped<ITenantResolver<AppTenantInfo>, TenantResolver>();
        services.TryAddSingleton<TenantScopeFactory>();
        services.TryAddSingleton<PublicUrls>();
        return new MultiTenantBuilder(services);
    }
}
