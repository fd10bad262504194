using System.Net;
using System.Net.Sockets;

namespace SecureAiChat.Tests.Infrastructure;

/// <summary>
/// HTTP clients that reach <c>*.localhost</c> on loopback, as Chromium does, so tests use real tenant URLs
/// (http://acme.localhost:port/) and a cookie container keeps cookies per host exactly like a browser.
/// </summary>
public static class LoopbackHttp
{
    public static SocketsHttpHandler CreateHandler(CookieContainer? cookies = null, bool allowRedirects = false) => new()
    {
        AllowAutoRedirect = allowRedirects,
        UseCookies = true,
        CookieContainer = cookies ?? new CookieContainer(),
        ConnectCallback = async (context, cancellationToken) =>
        {
            var host = context.DnsEndPoint.Host;
            if (host != "localhost" && !host.EndsWith(".localhost", StringComparison.Ordinal) && host != "127.0.0.1")
                throw new InvalidOperationException($"Tests only reach loopback, not {host}.");
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, context.DnsEndPoint.Port), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };

    public static HttpClient CreateClient(CookieContainer? cookies = null, bool allowRedirects = false) =>
        new(CreateHandler(cookies, allowRedirects)) { Timeout = TimeSpan.FromSeconds(60) };

    private static int _nextPort = 20_000 + (Environment.ProcessId % 500) * 20;

    /// <summary>
    /// A free TCP port on loopback for hosts whose port must be known before they start. Taken below the
    /// kernel's ephemeral range (32768+), where outgoing connections pick their local ports: an OS-chosen
    /// port could be handed to some HttpClient's socket between this probe and the host's bind.
    /// </summary>
    public static int FreePort()
    {
        while (true)
        {
            var port = Interlocked.Increment(ref _nextPort);
            if (port >= 32_000) Interlocked.CompareExchange(ref _nextPort, 20_000, port);
            try
            {
                using var probe = new TcpListener(IPAddress.Loopback, port);
                probe.Start();
                return port;
            }
            catch (SocketException)
            {
                // Taken by another process: try the next one.
            }
        }
    }
}
