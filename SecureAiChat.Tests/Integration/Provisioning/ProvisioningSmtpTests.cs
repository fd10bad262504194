using SecureAiChat.Core.Provisioning;
using SecureAiChat.Tests.Infrastructure;

namespace SecureAiChat.Tests.Integration.Provisioning;

/// <summary>The app sending through a real SMTP server on loopback (the SmtpServer library, in-process).</summary>
public sealed class SmtpProvisioningHost : ProvisioningHost
{
    public SmtpProvisioningHost()
    {
        Smtp = LoopbackSmtpServer.StartAsync().GetAwaiter().GetResult();
        Configure("Email:Smtp:Host", "127.0.0.1");
        Configure("Email:Smtp:Port", Smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Configure("Email:Smtp:TlsMode", "None");
    }

    public LoopbackSmtpServer Smtp { get; }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Smtp.DisposeAsync();
    }
}

public sealed class ProvisioningSmtpTests(SmtpProvisioningHost app) : IClassFixture<SmtpProvisioningHost>
{
    [Fact]
    public async Task Provisioning_welcome_email_arrives_over_SMTP_with_recipient_subject_and_workspace_link()
    {
        var result = await app.SignUpAsync(ProvisioningHost.ValidForm("smtp-co", "owner@smtp.example.jp"));
        var request = await app.WaitForCompletionAsync(result.Value!.RequestId!);
        Assert.Equal(ProvisioningStatus.Succeeded, request.Status);

        var mail = await app.Smtp.WaitForMessageAsync(m => m.To.Mailboxes.Any(b => b.Address == "owner@smtp.example.jp"), TimeSpan.FromSeconds(30));
        Assert.Equal("【Secure AI Chat】株式会社テストのワークスペースの準備ができました", mail.Subject);
        var workspace = app.TenantUri("smtp-co").AbsoluteUri;
        Assert.Contains(workspace, mail.TextBody);
        Assert.Contains(workspace, mail.HtmlBody ?? "");
        Assert.Contains(workspace + "Account/ConfirmEmail?userId=", mail.TextBody);
        Assert.Contains("チームを招待する", mail.TextBody);
        Assert.DoesNotContain(TestPasswords.Default, mail.TextBody);
        Assert.Single(app.Smtp.Messages, m => m.To.Mailboxes.Any(b => b.Address == "owner@smtp.example.jp"));
    }
}
