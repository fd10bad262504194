using Microsoft.AspNetCore.Http.HttpResults;
using SecureAiChat.Core.Tenancy;
using SecureAiChat.Web.Components.Pages;

namespace SecureAiChat.Web.Hosting;

/// <summary>
/// A host that names no usable workspace gets a self-contained page and nothing else: no static files,
/// no circuit, no data. Unknown: 404; suspended: 403; still provisioning: 503 with Retry-After.
/// </summary>
public sealed class WorkspaceGateMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var tenant = context.Features.Get<MultiTenantContext<AppTenantInfo>>();
        var status = tenant?.Resolution switch
        {
            TenantResolution.NotFound => StatusCodes.Status404NotFound,
            TenantResolution.Suspended => StatusCodes.Status403Forbidden,
            TenantResolution.Provisioning => StatusCodes.Status503ServiceUnavailable,
            _ => 0,
        };
        if (status == 0)
        {
            await next(context);
            return;
        }

        if (status == StatusCodes.Status503ServiceUnavailable) context.Response.Headers.RetryAfter = "5";
        var page = new RazorComponentResult<WorkspaceUnavailable>(new { Resolution = tenant!.Resolution })
        {
            StatusCode = status,
        };
        await page.ExecuteAsync(context);
    }
}
