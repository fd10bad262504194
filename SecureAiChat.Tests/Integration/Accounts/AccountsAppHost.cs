using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SecureAiChat.Core.Identity;
using SecureAiChat.Tests.Infrastructure;

namespace SecureAiChat.Tests.Integration.Accounts;

/// <summary>The app host with a capturing <see cref="IEmailSender{TUser}"/> (the mail module is someone else's and is faked here).</summary>
public sealed class AccountsAppHost : AppHost
{
    public CapturingEmailSender Mail { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        // Outside Development the host does not read the static web assets manifest, so _content/MudBlazor/*
        // (served from the NuGet cache) is missing and browser screenshots are unstyled. The base AppHost should do this.
        builder.UseStaticWebAssets();
    }

    protected override void ConfigureTestServices(IServiceCollection services)
    {
        services.RemoveAll<IEmailSender<AppUser>>();
        services.AddSingleton<IEmailSender<AppUser>>(Mail);
    }
}

public sealed record CapturedEmail(string Kind, string UserId, string Email, string Content);

/// <summary>Records what the account pages send. Links arrive HTML-encoded, per the interface's contract.</summary>
public sealed class CapturingEmailSender : IEmailSender<AppUser>
{
    private readonly ConcurrentQueue<CapturedEmail> _sent = new();

    public IReadOnlyList<CapturedEmail> Sent => [.. _sent];

    public IReadOnlyList<CapturedEmail> To(string email) => [.. _sent.Where(m => string.Equals(m.Email, email, StringComparison.OrdinalIgnoreCase))];

    public Task SendConfirmationLinkAsync(AppUser user, string email, string confirmationLink) => Add("confirm", user, email, confirmationLink);

    public Task SendPasswordResetLinkAsync(AppUser user, string email, string resetLink) => Add("reset-link", user, email, resetLink);

    public Task SendPasswordResetCodeAsync(AppUser user, string email, string resetCode) => Add("reset-code", user, email, resetCode);

    private Task Add(string kind, AppUser user, string email, string content)
    {
        _sent.Enqueue(new CapturedEmail(kind, user.Id, email, content));
        return Task.CompletedTask;
    }
}
