using SecureAiChat.Core.Tenancy;

namespace SecureAiChat.Web.Hosting;

/// <summary>
/// Seeds the request scope's tenant context from the host (Finbuckle's <c>UseMultiTenant()</c>), and refuses
/// hosts outside the root domain with 400: serving them as the platform site let a forged Host header reach
/// every page. Health probes answer on any host, because load balancers probe by IP address.
/// </summary>
public sealed class MultiTenantMiddleware(RequestDelegate next)
{
    /// <summary>Paths answered on any host (<see cref="HealthHosting.MapHealth"/>); they show no tenant data.</summary>
    public static readonly PathString AnyHostPath = "/health";

    public async Task InvokeAsync(
        HttpContext context, IMultiTenantStrategy strategy, ITenantResolver<AppTenantInfo> resolver, IMultiTenantContextSetter setter, ILogger<MultiTenantMiddleware> logger)
    {
        var host = context.Request.Host.Host;
        if (strategy.Match(host).Kind == HostMatchKind.Foreign && !context.Request.Path.StartsWithSegments(AnyHostPath))
        {
            // A plain answer, no redirect: a redirect to the configured host would still confirm the site to a scanner
            // and would follow a forged name into links.
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync("400 Bad Request: unknown host.", context.RequestAborted);
            return;
        }
        var resolved = await resolver.ResolveAsync(host, context.RequestAborted);
        setter.SetTenant(resolved);
        context.Features.Set(resolved);
        if (resolved.TenantInfo?.Id is not { } tenantId)
        {
            await next(context);
            return;
        }

        // The workspace on the request's trace and on every log line of the request; never a metric label.
        System.Diagnostics.Activity.Current?.SetTag("tenant.id", tenantId);
        using (logger.BeginScope(new Dictionary<string, object> { ["TenantId"] = tenantId }))
        {
            await next(context);
        }
    }
}
