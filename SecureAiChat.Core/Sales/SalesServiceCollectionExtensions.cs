using Microsoft.Extensions.DependencyInjection;

namespace SecureAiChat.Core.Sales;

public static class SalesServiceCollectionExtensions
{
    /// <summary>Sales inquiries (the contact form), the operators' lead list and pipeline. Signup validation comes with provisioning.</summary>
    public static IServiceCollection AddSalesServices(this IServiceCollection services)
    {
        services.AddScoped<SalesInquiryService>();
        services.AddScoped<SalesLeadList>();
        services.AddScoped<SalesPipeline>();
        return services;
    }
}
