using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Identity;
using SecureAiChat.Core.Results;
using SecureAiChat.Core.Team;
using SecureAiChat.Tests.Infrastructure;

namespace SecureAiChat.Tests.Integration.Team;

/// <summary>
/// The app sending mail through a real SMTP server on loopback. Sessions are re-checked on every request
/// (security stamp validation interval zero) so deactivation is observable without waiting a minute.
/// </summary>
public sealed partial class TeamAppHost : AppHost
{
    public TeamAppHost()
    {
        Smtp = LoopbackSmtpServer.StartAsync().GetAwaiter().GetResult();
        Configure("Email:Smtp:Host", "127.0.0.1");
        Configure("Email:Smtp:Port", Smtp.Port.ToString(CultureInfo.InvariantCulture));
        Configure("Email:Smtp:TlsMode", "None");
    }

    public LoopbackSmtpServer Smtp { get; }

    protected override void ConfigureTestServices(IServiceCollection services) =>
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.Zero);

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Smtp.DisposeAsync();
    }

    /// <summary>A fresh workspace with its Owner (returned).</summary>
    public async Task<(string TenantId, string Identifier, AppUser Owner)> WorkspaceAsync(string prefix, string plan = "Starter")
    {
        var identifier = $"{prefix}-{Guid.NewGuid().ToString("N")[..6]}";
        var tenant = await CreateTenantAsync(identifier, plan: plan);
        var owner = await CreateUserAsync(tenant.Id, $"owner@{identifier}.example.jp", role: Roles.Owner, displayName: "オーナー 花子");
        return (tenant.Id, identifier, owner);
    }

    public async Task<T> InTenantAsync<T>(string tenantId, Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = await TenantScopeAsync(tenantId);
        return await action(scope.ServiceProvider);
    }

    public Task<Result<TeamChange, TeamRefusal>> InviteAsync(string tenantId, string identifier, AppUser inviter, string addresses, string role = Roles.Member) =>
        InTenantAsync(tenantId, sp => sp.GetRequiredService<InvitationService>().InviteAsync(
            InviteeList.FromPasted(addresses), role, null, new Inviter(inviter.Id, inviter.DisplayName, CultureInfo.GetCultureInfo("ja-JP"))));

    public Task<Invitation> InvitationAsync(string tenantId, string email)
    {
        var normalized = email.ToUpperInvariant();
        return InTenantAsync(tenantId, sp => sp.GetRequiredService<AppDbContext>().Invitations.SingleAsync(i => i.NormalizedEmail == normalized));
    }

    /// <summary>The accept link of the <paramref name="nth"/> invitation mail to <paramref name="email"/> (1 = the first).</summary>
    public async Task<Uri> AcceptLinkAsync(string email, int nth = 1)
    {
        var messages = new List<MimeMessage>();
        for (var i = 0; i < 300 && messages.Count < nth; i++)
        {
            if (i > 0) await Task.Delay(100);
            messages = Smtp.Messages.Where(m => m.To.Mailboxes.Any(b => string.Equals(b.Address, email, StringComparison.OrdinalIgnoreCase))).ToList();
        }
        if (messages.Count < nth) throw new TimeoutException($"Invitation mail #{nth} to {email} did not arrive.");
        var body = messages[nth - 1].TextBody ?? "";
        return new Uri(LinkPattern().Match(body) is { Success: true } match ? match.Value : throw new InvalidOperationException("No accept link in: " + body));
    }

    [GeneratedRegex(@"http://[a-z0-9.-]+:\d+/invite/[A-Za-z0-9_-]{22}")]
    private static partial Regex LinkPattern();
}
