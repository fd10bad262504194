using SecureAiChat.Core.Budgets;

namespace SecureAiChat.Web.Features.Budgets;

public static class BudgetsHosting
{
    /// <summary>Department budgets: the gate a chat answer passes, the budgets page's services, budget requests and the alert job (queued, not recurring).</summary>
    public static IHostApplicationBuilder AddBudgets(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddScoped<BudgetGate>();
        services.AddScoped<BudgetService>();
        services.AddScoped<WorkspaceFiscalYear>();
        services.AddScoped<BudgetRequestService>();
        services.AddSingleton<IBudgetAlertQueue, HangfireBudgetAlertQueue>();
        services.AddTransient<BudgetAlertJob>();
        return builder;
    }
}
