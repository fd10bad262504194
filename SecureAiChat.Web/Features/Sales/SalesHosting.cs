using SecureAiChat.Core.Sales;

namespace SecureAiChat.Web.Features.Sales;

public static class SalesHosting
{
    /// <summary>Sales: the public contact form (/contact) and the operators' leads and pipeline (/ops/leads).</summary>
    public static IHostApplicationBuilder AddSales(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSalesServices();
        return builder;
    }
}
