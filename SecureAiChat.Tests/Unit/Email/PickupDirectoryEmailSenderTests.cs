using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MimeKit;
using SecureAiChat.Core.Email;

namespace SecureAiChat.Tests.Unit.Email;

public sealed class PickupDirectoryEmailSenderTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "sac-mail-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public async Task Writes_one_parseable_eml_per_message_under_the_content_root()
    {
        var logger = new ListLogger();
        var sender = new PickupDirectoryEmailSender("App_Data/mail", _root, "Secure AI Chat <no-reply@localhost>", logger);
        var secretLink = "https://acme.localhost:5000/login?token=SECRET-TOKEN";

        await sender.SendAsync(new EmailMessage("admin@acme.example", "件名テスト", $"<a href=\"{secretLink}\">x</a>", secretLink));
        await sender.SendAsync(new EmailMessage("admin@acme.example", "second", "<p>2</p>", "2"));

        var files = Directory.GetFiles(Path.Combine(_root, "App_Data", "mail"));
        Assert.Equal(2, files.Length);
        Assert.All(files, f => Assert.Matches(@"^\d{17}-[0-9a-f]{32}\.eml$", Path.GetFileName(f)));

        var parsed = await Task.WhenAll(files.Select(f => MimeMessage.LoadAsync(f)));
        var first = Assert.Single(parsed, m => m.Subject == "件名テスト");
        Assert.Equal("admin@acme.example", Assert.Single(first.To.Mailboxes).Address);
        Assert.IsType<MultipartAlternative>(first.Body);
        Assert.Contains(secretLink, first.TextBody, StringComparison.Ordinal);

        Assert.Equal(2, logger.Lines.Count);
        Assert.Contains(logger.Lines, l => files.Any(f => l.Contains(f, StringComparison.Ordinal)));
        Assert.DoesNotContain(logger.Lines, l => l.Contains("SECRET-TOKEN", StringComparison.Ordinal));
    }

    [Fact]
    public void Absolute_directory_is_used_as_is()
    {
        var absolute = Path.Combine(_root, "elsewhere");
        var sender = new PickupDirectoryEmailSender(absolute, "/unrelated", "a@b.c", NullLogger<PickupDirectoryEmailSender>.Instance);

        Assert.Equal(absolute, sender.Directory);
    }

    [Fact]
    public void Selector_picks_smtp_only_when_a_host_is_set()
    {
        Assert.Equal(EmailTransport.PickupDirectory, EmailSenderSelector.SelectTransport(new EmailOptions()));
        Assert.Equal(EmailTransport.PickupDirectory, EmailSenderSelector.SelectTransport(new EmailOptions { Smtp = { Host = "  " } }));
        Assert.Equal(EmailTransport.Smtp, EmailSenderSelector.SelectTransport(new EmailOptions { Smtp = { Host = "smtp.example.com" } }));
    }

    [Theory]
    [InlineData(null, typeof(PickupDirectoryEmailSender))]
    [InlineData("127.0.0.1", typeof(SmtpEmailSender))]
    public void AddEmail_registers_the_sender_the_configuration_asks_for(string? host, Type expected)
    {
        var settings = new Dictionary<string, string?> { ["Email:Smtp:Host"] = host, ["Email:Smtp:Port"] = "2525" };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        using var provider = new ServiceCollection().AddLogging().AddEmail(configuration, _root).BuildServiceProvider();

        Assert.IsType(expected, provider.GetRequiredService<IEmailSender>());
    }

    [Fact]
    public void AddEmail_resolves_the_default_pickup_directory_against_the_content_root()
    {
        var configuration = new ConfigurationBuilder().Build();
        using var provider = new ServiceCollection().AddLogging().AddEmail(configuration, _root).BuildServiceProvider();

        var sender = Assert.IsType<PickupDirectoryEmailSender>(provider.GetRequiredService<IEmailSender>());
        Assert.Equal(Path.Combine(_root, "App_Data", "mail"), sender.Directory);
    }

    private sealed class ListLogger : ILogger<PickupDirectoryEmailSender>
    {
        public List<string> Lines { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Add(formatter(state, exception));
    }
}
