using Microsoft.Extensions.Options;
using SecureAiChat.Core.Billing;
using SecureAiChat.Core.Identity;
using SecureAiChat.Core.Tenancy;

namespace SecureAiChat.Web.Features.Billing;

/// <summary>
/// Qualified invoices and quotes: the <c>Billing:*</c> options (validated at start), the monthly invoice job and the PDF
/// downloads — an Owner's own invoices on the workspace host, any invoice for Operators on the root host.
/// </summary>
public static class BillingHosting
{
    /// <summary>An Owner's invoice PDF (workspace host).</summary>
    public const string OwnerInvoicePath = "/settings/plan/invoices/{id:guid}";

    /// <summary>Any invoice PDF (root host, Operators).</summary>
    public const string OperatorInvoicePath = "/ops/invoices/{id:guid}/pdf";

    public static string OwnerInvoiceHref(Guid id) => $"/settings/plan/invoices/{id}";

    public static string OperatorInvoiceHref(Guid id) => $"/ops/invoices/{id}/pdf";

    public static IHostApplicationBuilder AddBilling(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<BillingOptions>().BindConfiguration(BillingOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddScoped<InvoiceService>();
        builder.Services.AddScoped<QuoteService>();
        builder.Services.AddTransient<InvoiceJob>();
        return builder;
    }

    public static WebApplication MapBilling(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<BillingOptions>>().Value;
        if (options.IsConfigured) BillingFonts.Register(options.FontPath);
        app.MapGet(OwnerInvoicePath, OwnerInvoiceAsync).RequireAuthorization(policy => policy.RequireRole(Roles.Owner)).ExcludeFromDescription();
        app.MapGet(OperatorInvoicePath, OperatorInvoiceAsync).RequireAuthorization(policy => policy.RequireRole(Roles.Operator)).ExcludeFromDescription();
        app.MapInvoiceExport();
        return app;
    }

    // Another workspace's invoice, or any on the root host: not found, never "forbidden" (nothing says it exists).
    private static async Task<IResult> OwnerInvoiceAsync(Guid id, IMultiTenantContextAccessor<AppTenantInfo> tenant, InvoiceService invoices, HttpContext http)
    {
        if (tenant.MultiTenantContext.TenantInfo is not { } workspace) return Results.NotFound();
        return Pdf(http, await invoices.FindAsync(id, workspace.Id, http.RequestAborted));
    }

    private static async Task<IResult> OperatorInvoiceAsync(Guid id, IMultiTenantContextAccessor<AppTenantInfo> tenant, InvoiceService invoices, HttpContext http)
    {
        if (tenant.MultiTenantContext.TenantInfo is not null) return Results.NotFound();
        return Pdf(http, await invoices.FindAsync(id, cancellationToken: http.RequestAborted));
    }

    private static IResult Pdf(HttpContext http, Invoice? invoice)
    {
        if (invoice is null) return Results.NotFound();
        http.Response.Headers.CacheControl = "no-store";
        return Results.File(InvoicePdf.Render(invoice), "application/pdf", $"invoice-{invoice.BillingMonth}-{invoice.DisplayNumber}.pdf");
    }
}
