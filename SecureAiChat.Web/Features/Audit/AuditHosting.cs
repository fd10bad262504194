using System.Security.Claims;
using Microsoft.AspNetCore.Components.Server.Circuits;
using SecureAiChat.Core.Audit;
using SecureAiChat.Core.Identity;

namespace SecureAiChat.Web.Features.Audit;

public static class AuditHosting
{
    public static IHostApplicationBuilder AddAudit(this IHostApplicationBuilder builder)
    {
        builder.Services.AddAuditLog();
        builder.Services.AddScoped<CircuitHandler, AuditActorCircuitHandler>();
        return builder;
    }

    /// <summary>Fills the scope's <see cref="AuditActor"/> from the signed-in user and the connection (after authentication).</summary>
    public static IApplicationBuilder UseAuditActor(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            AuditActorFromHttp.Fill(context.RequestServices.GetRequiredService<AuditActor>(), context);
            return next(context);
        });
}

internal static class AuditActorFromHttp
{
    public static void Fill(AuditActor actor, HttpContext context)
    {
        actor.SetClient(context.Connection.RemoteIpAddress?.ToString(), context.Request.Headers.UserAgent.ToString());
        var user = context.User;
        if (user.Identity?.IsAuthenticated != true)
        {
            actor.SetUser(AuditActorKind.Anonymous, null, null, null);
            return;
        }
        var role = Roles.All.FirstOrDefault(user.IsInRole);
        actor.SetUser(role == Roles.Operator ? AuditActorKind.Operator : AuditActorKind.User,
            user.FindFirstValue(ClaimTypes.NameIdentifier),
            user.FindFirstValue(AppClaimTypes.DisplayName) ?? user.Identity.Name,
            role);
    }
}

/// <summary>Components never see HttpContext: the request that opened the circuit names the actor for its whole life.</summary>
internal sealed class AuditActorCircuitHandler(IHttpContextAccessor http, AuditActor actor) : CircuitHandler
{
    public override Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        if (http.HttpContext is { } context) AuditActorFromHttp.Fill(actor, context);
        return Task.CompletedTask;
    }
}
