using System.ComponentModel.DataAnnotations;
using System.Net;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace SecureAiChat.Web.Hosting;

/// <summary>
/// Configuration section <c>ForwardedHeaders</c>: which reverse proxies may tell us the client's address and scheme.
/// With none configured, <c>X-Forwarded-*</c> headers are ignored: anyone can send them.
/// </summary>
public sealed class ProxyOptions : IValidatableObject
{
    public const string SectionName = "ForwardedHeaders";

    /// <summary>Addresses of trusted proxies, e.g. <c>10.0.0.4</c>.</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Networks of trusted proxies in CIDR form, e.g. <c>10.0.0.0/24</c>.</summary>
    public List<string> KnownNetworks { get; set; } = [];

    /// <summary>How many proxy hops are read from the end of <c>X-Forwarded-For</c>; each must be trusted except the client.</summary>
    [Range(1, 10)]
    public int ForwardLimit { get; set; } = 1;

    /// <summary>
    /// Also take <c>X-Forwarded-Host</c> from a trusted proxy. Off by default: the Host decides the tenant, and a proxy
    /// that passes the original Host header through (the usual set-up) needs nothing else. The forwarded host is still
    /// held to the root domain by the tenancy middleware.
    /// </summary>
    public bool ForwardHost { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var proxy in KnownProxies.Where(p => !IPAddress.TryParse(p, out _)))
            yield return new ValidationResult($"ForwardedHeaders:KnownProxies: '{proxy}' is not an IP address.", [nameof(KnownProxies)]);
        foreach (var network in KnownNetworks.Where(n => !System.Net.IPNetwork.TryParse(n, out _)))
            yield return new ValidationResult($"ForwardedHeaders:KnownNetworks: '{network}' is not a CIDR range such as 10.0.0.0/24.", [nameof(KnownNetworks)]);
    }
}

public static class ProxyHosting
{
    /// <summary>Forwarded headers from configured proxies only, and <see cref="ClientAddress"/>.</summary>
    public static IHostApplicationBuilder AddProxies(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ProxyOptions>().BindConfiguration(ProxyOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ProxyOptions>>((o, proxies) => Apply(o, proxies.Value));
        builder.Services.AddScoped<ClientAddress>();
        builder.Services.AddScoped<CircuitHandler, ClientAddressCircuitHandler>();
        return builder;
    }

    /// <summary>First in the pipeline, so the tenancy, authentication and throttling see the client's address and scheme.</summary>
    public static IApplicationBuilder UseProxies(this IApplicationBuilder app) => app.UseForwardedHeaders();

    internal static void Apply(ForwardedHeadersOptions o, ProxyOptions proxies)
    {
        o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto
            | (proxies.ForwardHost ? ForwardedHeaders.XForwardedHost : ForwardedHeaders.None);
        o.ForwardLimit = proxies.ForwardLimit;
        // The defaults trust loopback; cleared so that only what is configured is trusted (a sidecar on the
        // same machine must be listed like any other proxy).
        o.KnownProxies.Clear();
        o.KnownIPNetworks.Clear();
        foreach (var proxy in proxies.KnownProxies) o.KnownProxies.Add(IPAddress.Parse(proxy));
        foreach (var network in proxies.KnownNetworks) o.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
        // Trap: with both lists empty the middleware trusts every peer. No proxy configured means no forwarding at all.
        if (o.KnownProxies.Count == 0 && o.KnownIPNetworks.Count == 0) o.ForwardedHeaders = ForwardedHeaders.None;
        // Hosts are validated by MultiTenantMiddleware against the root domain; AllowedHosts here would duplicate it.
        o.AllowedHosts.Clear();
        o.RequireHeaderSymmetry = false;
    }
}

/// <summary>
/// The client's IP address, the one thing throttling, audit and IP rules use: <c>Connection.RemoteIpAddress</c>
/// after the forwarded-headers middleware (so a configured proxy's <c>X-Forwarded-For</c>, nobody else's).
/// Forms that submit over a Blazor circuit have no HttpContext: there it is the address captured from the
/// request that opened the circuit.
/// </summary>
public sealed class ClientAddress(IHttpContextAccessor http)
{
    private string? _captured;

    /// <summary>The address as text (IPv4-mapped IPv6 shown as IPv4), or <c>unknown</c>.</summary>
    public string Value => _captured ?? (http.HttpContext is { } context ? Of(context) : Unknown);

    public const string Unknown = "unknown";

    /// <summary>The client address of a request.</summary>
    public static string Of(HttpContext context) => context.Connection.RemoteIpAddress is { } ip
        ? (ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip).ToString()
        : Unknown;

    internal void Capture(HttpContext context) => _captured = Of(context);
}

internal sealed class ClientAddressCircuitHandler(IHttpContextAccessor http, ClientAddress address) : CircuitHandler
{
    public override Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        if (http.HttpContext is { } context) address.Capture(context);
        return Task.CompletedTask;
    }
}
