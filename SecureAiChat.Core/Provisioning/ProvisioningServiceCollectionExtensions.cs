using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SecureAiChat.Core.Security;

namespace SecureAiChat.Core.Provisioning;

public static class ProvisioningServiceCollectionExtensions
{
    /// <summary>Signup, the provisioning pipeline and its job, login links. Hangfire storage is the host's business.</summary>
    public static IServiceCollection AddProvisioningServices(this IServiceCollection services)
    {
        services.AddOptions<ProvisioningOptions>().BindConfiguration(ProvisioningOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<SignupOptions>().BindConfiguration(SignupOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddScoped<AttemptThrottle>();
        services.TryAddSingleton<IProvisioningStepHook, NoProvisioningStepHook>();
        services.AddSingleton<ProvisioningSteps>();
        services.AddSingleton<ProvisioningPipeline>();
        services.AddTransient<ProvisioningJob>();
        services.AddSingleton<WorkspaceLoginLinks>();
        services.AddScoped<SignupBinding>();
        services.AddScoped<SignupService>();
        services.AddScoped<ProvisioningStatusReader>();
        services.AddScoped<ProvisioningOperations>();
        return services;
    }
}
