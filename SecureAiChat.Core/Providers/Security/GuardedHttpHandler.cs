using System.Net;
using System.Net.Sockets;
using System.Runtime.ExceptionServices;

namespace SecureAiChat.Core.Providers.Security;

/// <summary>
/// HTTP handler for calls to tenant-supplied model endpoints. It refuses URLs the
/// <see cref="EndpointValidator"/> refuses, and its primary <see cref="SocketsHttpHandler"/>
/// resolves names itself and checks every resolved address at connect time, so a name that
/// re-resolves to an internal address after validation (DNS rebinding) is still refused.
/// Refusals surface as <see cref="EndpointBlockedException"/> with no connection attempted.
/// </summary>
public sealed class GuardedHttpHandler : DelegatingHandler
{
    /// <summary>Name of the <see cref="IHttpClientFactory"/> client registered by <c>AddProviderSecurity</c>.</summary>
    public const string HttpClientName = "SecureAiChat.TenantEndpoint";

    /// <summary>Connect timeout used when none is given: long enough for a slow on-premise server, short enough for "Test connection".</summary>
    public static readonly TimeSpan DefaultConnectTimeout = TimeSpan.FromSeconds(10);

    private readonly EndpointValidator _validator;

    /// <summary>Wraps <paramref name="innerHandler"/>, normally one made by <see cref="CreateSocketsHandler"/>.</summary>
    public GuardedHttpHandler(EndpointPolicy policy, HttpMessageHandler innerHandler)
        : base(innerHandler)
    {
        _validator = new EndpointValidator(policy);
    }

    // IHttpClientFactory links the handler chain itself and rejects handlers that already have an
    // inner handler; this constructor leaves InnerHandler for it to set.
    internal GuardedHttpHandler(EndpointValidator validator)
    {
        _validator = validator;
    }

    /// <summary>A guarded handler over a fresh guarded <see cref="SocketsHttpHandler"/>.</summary>
    public GuardedHttpHandler(EndpointPolicy policy)
        : this(policy, CreateSocketsHandler(policy))
    {
    }

    /// <summary>
    /// Creates the primary handler: no redirects, no proxy, no cookies, and a
    /// <see cref="SocketsHttpHandler.ConnectCallback"/> that connects only to permitted addresses.
    /// </summary>
    /// <param name="policy">The endpoint policy.</param>
    /// <param name="resolver">Name resolution; defaults to <see cref="Dns.GetHostAddressesAsync(string, CancellationToken)"/>. A seam for tests.</param>
    /// <param name="connectTimeout">Connect timeout (default <see cref="DefaultConnectTimeout"/>).</param>
    public static SocketsHttpHandler CreateSocketsHandler(
        EndpointPolicy policy,
        Func<string, CancellationToken, Task<IPAddress[]>>? resolver = null,
        TimeSpan? connectTimeout = null)
    {
        var resolve = resolver ?? Dns.GetHostAddressesAsync;
        return new SocketsHttpHandler
        {
            // A redirect would take the request (and the tenant's key) to a URL nobody validated.
            AllowAutoRedirect = false,
            // Through a proxy the connect callback would only ever see the proxy's address; an
            // egress proxy, if one is ever needed, has to enforce this policy itself.
            UseProxy = false,
            UseCookies = false,
            ConnectTimeout = connectTimeout ?? DefaultConnectTimeout,
            // Connections are re-checked when they are opened; recycling them bounds how long an
            // address checked once stays in use.
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            ConnectCallback = (context, cancellationToken) => ConnectAsync(policy, resolve, context.DnsEndPoint, cancellationToken),
        };
    }

    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        // The escaped absolute form: what the handler will actually use, whoever built the Uri.
        var result = _validator.Validate(request.RequestUri is { IsAbsoluteUri: true } uri ? uri.AbsoluteUri : null);
        if (result.Code is { } reason)
        {
            throw new EndpointBlockedException(request.RequestUri?.Host ?? string.Empty, reason);
        }

        try
        {
            return await base.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException ex) when (ex.InnerException is EndpointBlockedException blocked)
        {
            // SocketsHttpHandler wraps connect failures; callers want the policy refusal itself.
            ExceptionDispatchInfo.Capture(blocked).Throw();
            throw;
        }
    }

    private static async ValueTask<Stream> ConnectAsync(
        EndpointPolicy policy,
        Func<string, CancellationToken, Task<IPAddress[]>> resolve,
        DnsEndPoint endPoint,
        CancellationToken cancellationToken)
    {
        var host = EndpointPolicy.NormalizeHost(endPoint.Host);
        var allowListed = policy.IsHostAllowListed(host, endPoint.Port);

        IPAddress[] addresses;
        if (IPAddress.TryParse(host, out var literal))
        {
            addresses = [literal];
        }
        else
        {
            if (policy.CheckHostName(host, endPoint.Port) is { } nameReason)
            {
                throw new EndpointBlockedException(host, nameReason);
            }

            addresses = await resolve(host, cancellationToken);
            if (addresses.Length == 0)
            {
                throw new SocketException((int)SocketError.HostNotFound);
            }
        }

        // Every address must pass, not just the one we would pick: a rebinding attacker controls
        // the order of records, and the OS may retry with another one.
        foreach (var address in addresses)
        {
            if (policy.CheckAddress(address, allowListed) is { } reason)
            {
                throw new EndpointBlockedException(host, reason);
            }
        }

        SocketException? lastError = null;
        foreach (var resolved in addresses)
        {
            // An IPv4-mapped address is the IPv4 host; reach it over IPv4 rather than relying on
            // a dual-mode IPv6 socket, which hosts with IPv6 disabled do not have.
            var address = resolved.IsIPv4MappedToIPv6 ? resolved.MapToIPv4() : resolved;
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, endPoint.Port), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException ex)
            {
                socket.Dispose();
                lastError = ex;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        throw lastError!;
    }
}
