using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MimeKit;
using SmtpServer;
using SmtpServer.Authentication;
using SmtpServer.ComponentModel;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace SecureAiChat.Tests.Infrastructure;

/// <summary>
/// A real SMTP server (the SmtpServer library) on 127.0.0.1 and a free port, in-process. It keeps
/// every received message parsed with MimeKit. With credentials it requires AUTH (allowed without
/// TLS because it only listens on loopback).
/// </summary>
public sealed class LoopbackSmtpServer : IAsyncDisposable
{
    private readonly ConcurrentQueue<MimeMessage> _messages = new();
    private readonly SemaphoreSlim _received = new(0);
    private readonly CancellationTokenSource _stop = new();
    private readonly SmtpServer.SmtpServer _server;
    private readonly Task _running;

    private LoopbackSmtpServer(int port, (string User, string Password)? credentials)
    {
        Port = port;
        var endpoint = new EndpointDefinitionBuilder()
            .Endpoint(new IPEndPoint(IPAddress.Loopback, port))
            .AuthenticationRequired(credentials is not null)
            .AllowUnsecureAuthentication(credentials is not null)
            .Build();
        var options = new SmtpServerOptionsBuilder().ServerName("localhost").Endpoint(endpoint).Build();

        var services = new ServiceProvider();
        services.Add(new CollectingStore(this));
        if (credentials is { } c)
        {
            services.Add(new DelegatingUserAuthenticator((user, password) => user == c.User && password == c.Password));
        }

        _server = new SmtpServer.SmtpServer(options, services);
        _running = _server.StartAsync(_stop.Token);
    }

    /// <summary>The port the server listens on.</summary>
    public int Port { get; }

    /// <summary>Messages received so far.</summary>
    public IReadOnlyCollection<MimeMessage> Messages => _messages.ToArray();

    /// <summary>Starts a server on a free loopback port; with credentials, AUTH is required.</summary>
    public static async Task<LoopbackSmtpServer> StartAsync(string? userName = null, string? password = null)
    {
        var server = new LoopbackSmtpServer(LoopbackHttp.FreePort(), userName is null ? null : (userName, password ?? string.Empty));
        await server.WaitUntilListeningAsync();
        return server;
    }

    /// <summary>Waits for a message matching <paramref name="predicate"/>; fails the test after <paramref name="timeout"/>.</summary>
    public async Task<MimeMessage> WaitForMessageAsync(Func<MimeMessage, bool> predicate, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (true)
        {
            var match = _messages.FirstOrDefault(predicate);
            if (match is not null)
            {
                return match;
            }

            try
            {
                await _received.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException(
                    $"No matching message within {timeout}; received {_messages.Count}: "
                    + string.Join(", ", _messages.Select(m => m.Subject)));
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _server.Shutdown();
        try
        {
            await _running;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
        _received.Dispose();
    }

    private async Task WaitUntilListeningAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
        }
    }

    private sealed class CollectingStore(LoopbackSmtpServer owner) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(
            ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            using var stream = new MemoryStream(buffer.ToArray());
            var message = await MimeMessage.LoadAsync(stream, cancellationToken);
            owner._messages.Enqueue(message);
            owner._received.Release();
            return SmtpResponse.Ok;
        }
    }
}
