using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MimeKit;
using SecureAiChat.Core.Email;
using SecureAiChat.Tests.Infrastructure;

namespace SecureAiChat.Tests.Integration.Email;

public sealed class SmtpEmailSenderTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private static SmtpEmailSender Sender(int port, string? user = null, string? password = null) => new(
        Options.Create(new EmailOptions
        {
            From = "Secure AI Chat <no-reply@secure-ai-chat.test>",
            Smtp = new SmtpOptions { Host = "127.0.0.1", Port = port, UserName = user, Password = password },
        }),
        NullLogger<SmtpEmailSender>.Instance);

    [Fact]
    public async Task Delivers_multipart_alternative_to_a_real_smtp_server()
    {
        await using var server = await LoopbackSmtpServer.StartAsync();
        var message = new EmailMessage(
            "山田 太郎 <taro@example.co.jp>", "ようこそ Secure AI Chat へ", "<p>こんにちは <b>太郎</b></p>", "こんにちは 太郎", "sales@secure-ai-chat.test");

        await Sender(server.Port).SendAsync(message);

        var received = await server.WaitForMessageAsync(m => m.Subject == "ようこそ Secure AI Chat へ", Timeout);
        Assert.Equal("taro@example.co.jp", Assert.Single(received.To.Mailboxes).Address);
        Assert.Equal("no-reply@secure-ai-chat.test", Assert.Single(received.From.Mailboxes).Address);
        Assert.Equal("sales@secure-ai-chat.test", Assert.Single(received.ReplyTo.Mailboxes).Address);
        var alternative = Assert.IsType<MultipartAlternative>(received.Body);
        Assert.Equal("text/plain", alternative[0].ContentType.MimeType);
        Assert.Equal("text/html", alternative[1].ContentType.MimeType);
        Assert.Contains("こんにちは 太郎", received.TextBody, StringComparison.Ordinal);
        Assert.Contains("<b>太郎</b>", received.HtmlBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Authenticates_when_a_user_name_is_configured()
    {
        await using var server = await LoopbackSmtpServer.StartAsync("mailer", "s3cret");

        await Sender(server.Port, "mailer", "s3cret").SendAsync(new EmailMessage("a@example.com", "auth ok", "<p>x</p>", "x"));

        await server.WaitForMessageAsync(m => m.Subject == "auth ok", Timeout);
    }

    [Fact]
    public async Task Wrong_password_fails_loudly()
    {
        await using var server = await LoopbackSmtpServer.StartAsync("mailer", "s3cret");

        await Assert.ThrowsAnyAsync<MailKit.Security.AuthenticationException>(
            () => Sender(server.Port, "mailer", "wrong").SendAsync(new EmailMessage("a@example.com", "nope", "<p>x</p>", "x")));
        Assert.Empty(server.Messages);
    }

    [Theory]
    [InlineData("smtp.example.com", 587, SmtpTlsMode.Auto, MailKit.Security.SecureSocketOptions.StartTls)]
    [InlineData("smtp.example.com", 465, SmtpTlsMode.Auto, MailKit.Security.SecureSocketOptions.SslOnConnect)]
    [InlineData("localhost", 2525, SmtpTlsMode.Auto, MailKit.Security.SecureSocketOptions.StartTlsWhenAvailable)]
    [InlineData("127.0.0.1", 25, SmtpTlsMode.Auto, MailKit.Security.SecureSocketOptions.StartTlsWhenAvailable)]
    [InlineData("smtp.example.com", 25, SmtpTlsMode.None, MailKit.Security.SecureSocketOptions.None)]
    public void Auto_tls_requires_encryption_except_on_loopback(string host, int port, SmtpTlsMode mode, MailKit.Security.SecureSocketOptions expected)
    {
        Assert.Equal(expected, SmtpEmailSender.ChooseSocketOptions(new SmtpOptions { Host = host, Port = port, TlsMode = mode }));
    }
}
