using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;

namespace SecureAiChat.Core.Email;

/// <summary>Registers email sending.</summary>
public static class EmailServiceCollectionExtensions
{
    /// <summary>Binds <see cref="EmailOptions"/> and registers the selected <see cref="IEmailSender"/> as a singleton.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">Configuration holding the <c>Email</c> section.</param>
    /// <param name="contentRootPath">Content root that a relative pickup directory is resolved against.</param>
    public static IServiceCollection AddEmail(this IServiceCollection services, IConfiguration configuration, string contentRootPath)
    {
        services.AddOptions<EmailOptions>()
            .Bind(configuration.GetSection(EmailOptions.SectionName))
            .Validate(o => MailboxAddress.TryParse(o.From, out _), "Email:From is not a valid address.")
            .Validate(o => MailboxAddress.TryParse(o.SalesAddress, out _), "Email:SalesAddress is not a valid address.")
            .Validate(o => o.Smtp.Port is > 0 and <= 65535, "Email:Smtp:Port must be between 1 and 65535.")
            .ValidateOnStart();

        services.AddSingleton<IEmailSender>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<EmailOptions>>();
            var time = sp.GetService<TimeProvider>();
            return EmailSenderSelector.SelectTransport(options.Value) == EmailTransport.Smtp
                ? new SmtpEmailSender(options, sp.GetRequiredService<ILogger<SmtpEmailSender>>(), time)
                : new PickupDirectoryEmailSender(
                    options.Value.PickupDirectory,
                    contentRootPath,
                    options.Value.From,
                    sp.GetRequiredService<ILogger<PickupDirectoryEmailSender>>(),
                    time);
        });
        return services;
    }

    /// <summary>Same as <see cref="AddEmail(IServiceCollection, IConfiguration, string)"/> with the host's configuration and content root.</summary>
    public static IHostApplicationBuilder AddEmail(this IHostApplicationBuilder builder)
    {
        builder.Services.AddEmail(builder.Configuration, builder.Environment.ContentRootPath);
        return builder;
    }
}
