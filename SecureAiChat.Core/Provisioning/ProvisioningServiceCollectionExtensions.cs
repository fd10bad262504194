using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SecureAiChat.Core.Onboarding;
using SecureAiChat.Core.Sales;
using SecureAiChat.Core.Security;

namespace SecureAiChat.Core.Provisioning;

public static class ProvisioningServiceCollectionExtensions
{
    /// <summary>Signup, sales inquiries, the provisioning pipeline and its job, login links, the onboarding checklist. Hangfire storage is the host's business.</summary>
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
        services.AddScoped<SalesInquiryService>();
        services.AddScoped<SalesLeadList>();
        services.AddScoped<ProvisioningStatusReader>();
        services.AddScoped<ProvisioningOperations>();
        services.AddScoped<OnboardingChecklistService>();
        return services;
    }
}
