using Microsoft.AspNetCore.Http.HttpResults;
using SecureAiChat.Core.Security.AllowList;
using SecureAiChat.Core.Tenancy;
using SecureAiChat.Web.Hosting;

namespace SecureAiChat.Web.Features.Security;

/// <summary>
/// A workspace with an IP allow-list answers requests from other addresses with a self-contained 403 page naming the
/// address seen: every path of the workspace host, the sign-in page, static files and the circuit's /_blazor
/// connection alike (the page needs none of them). The address is <c>Connection.RemoteIpAddress</c> after the
/// forwarded-headers middleware, so only a configured proxy's <c>X-Forwarded-For</c> counts (<see cref="ProxyHosting"/>).
/// </summary>
public sealed class IpAllowListMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context, IpAllowListCache lists)
    {
        var tenant = context.Features.Get<MultiTenantContext<AppTenantInfo>>();
        if (tenant is not { Resolution: TenantResolution.Resolved, TenantInfo: { } workspace }
            || context.Request.Path.StartsWithSegments(MultiTenantMiddleware.AnyHostPath))
        {
            await next(context);
            return;
        }

        var list = await lists.GetAsync(workspace, context.RequestAborted);
        if (list.Allows(context.Connection.RemoteIpAddress))
        {
            await next(context);
            return;
        }

        var page = new RazorComponentResult<IpAddressRefused>(new { Address = ClientAddress.Of(context) })
        {
            StatusCode = StatusCodes.Status403Forbidden,
        };
        await page.ExecuteAsync(context);
    }
}
