using Microsoft.AspNetCore.Identity;
using SecureAiChat.Core.Email;
using SecureAiChat.Core.Identity;
using SecureAiChat.Core.Providers.Security;

namespace SecureAiChat.Web.Hosting;

public static class MailHosting
{
    /// <summary>Mail (SMTP when Email:Smtp:Host is set, else .eml files in Email:PickupDirectory) and Identity's account emails.</summary>
    public static IHostApplicationBuilder AddMail(this IHostApplicationBuilder builder)
    {
        builder.AddEmail();
        builder.Services.AddSingleton<IEmailSender<AppUser>, IdentityEmailSender>();
        return builder;
    }

    /// <summary>Tenant-supplied model endpoints: SSRF policy, guarded HTTP client, API key encryption.</summary>
    public static IHostApplicationBuilder AddProviderSecurity(this IHostApplicationBuilder builder)
    {
        builder.Services.AddProviderSecurity(builder.Configuration);
        return builder;
    }
}
