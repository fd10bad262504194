using SecureAiChat.Core.Tenancy;

namespace SecureAiChat.Web.Hosting;

/// <summary>Seeds the request scope's tenant context from the host (Finbuckle's <c>UseMultiTenant()</c>).</summary>
public sealed class MultiTenantMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context, ITenantResolver<AppTenantInfo> resolver, IMultiTenantContextSetter setter)
    {
        var resolved = await resolver.ResolveAsync(context.Request.Host.Host, context.RequestAborted);
        setter.SetTenant(resolved);
        context.Features.Set(resolved);
        await next(context);
    }
}
