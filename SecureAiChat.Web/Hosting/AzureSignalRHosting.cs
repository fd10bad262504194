using Microsoft.Azure.SignalR;

namespace SecureAiChat.Web.Hosting;

/// <summary>
/// Optional Azure SignalR Service for the circuits (<c>Azure:SignalR:ConnectionString</c>). Without it each instance
/// holds its own WebSockets behind the sticky load balancer, which is what the local cluster tests. With it the
/// browser's <c>/_blazor</c> connection goes to the service, so it never passes this app's tenancy middleware: the
/// negotiate request does, and <see cref="CircuitOrigin"/> carries what it resolved in the claims the service signs.
/// Untested against the real service here (it cannot be reached from this machine); unit-tested up to the SDK.
/// </summary>
public static class AzureSignalRHosting
{
    public const string ConnectionStringKey = "Azure:SignalR:ConnectionString";

    public static IHostApplicationBuilder AddAzureSignalRWhenConfigured(this IHostApplicationBuilder builder)
    {
        var connectionString = builder.Configuration[ConnectionStringKey];
        if (string.IsNullOrWhiteSpace(connectionString)) return builder;
        builder.Services.AddSignalR().AddAzureSignalR(options =>
        {
            options.ConnectionString = connectionString;
            // Blazor Server needs every message of a circuit on the server that holds it.
            options.ServerStickyMode = ServerStickyMode.Required;
            options.ClaimsProvider = CircuitOrigin.Claims;
        });
        return builder;
    }
}
