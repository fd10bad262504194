using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace SecureAiChat.Core.Audit;

public static class AuditServiceCollectionExtensions
{
    /// <summary>The audit log's core: the scoped <see cref="IAuditLog"/> and actor, the chain keys and the verifier.</summary>
    public static IServiceCollection AddAuditLog(this IServiceCollection services)
    {
        services.AddDataProtection();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<AuditChainKeys>();
        services.TryAddScoped<AuditActor>();
        services.TryAddScoped<IAuditLog, AuditLog>();
        services.TryAddSingleton<AuditVerifier>();
        services.TryAddScoped<AuditRetention>();
        return services;
    }
}
