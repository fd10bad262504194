using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Identity;
using SecureAiChat.Core.Email;

namespace SecureAiChat.Core.Identity;

/// <summary>Identity's account emails (confirm address, reset password) through our mail module and templates, in the user's language.</summary>
public sealed class IdentityEmailSender(IEmailSender sender) : IEmailSender<AppUser>
{
    /// <summary>How long Identity's data-protection tokens live (the default token lifespan).</summary>
    public static readonly TimeSpan LinkLifetime = TimeSpan.FromDays(1);

    public Task SendConfirmationLinkAsync(AppUser user, string email, string confirmationLink) =>
        sender.SendAsync(EmailTemplates.EmailConfirmation(new EmailConfirmationEmail(email, Name(user), Link(confirmationLink)), CultureOf(user)), CancellationToken.None);

    public Task SendPasswordResetLinkAsync(AppUser user, string email, string resetLink) =>
        sender.SendAsync(EmailTemplates.PasswordReset(new PasswordResetEmail(email, Name(user), Link(resetLink), LinkLifetime), CultureOf(user)), CancellationToken.None);

    /// <summary>Reset codes belong to Identity's API endpoints, which this app does not map; it sends links.</summary>
    public Task SendPasswordResetCodeAsync(AppUser user, string email, string resetCode) =>
        throw new NotSupportedException("The app sends password reset links, not codes.");

    /// <summary>
    /// The interface hands links over HTML-encoded; our templates encode on output, so the link is decoded once here.
    /// Kept encoded, a link with two parameters reached the mail as <c>&amp;amp;</c> and lost its second parameter.
    /// </summary>
    private static Uri Link(string htmlEncodedLink) => new(WebUtility.HtmlDecode(htmlEncodedLink));

    private static string Name(AppUser user) => string.IsNullOrWhiteSpace(user.DisplayName) ? user.Email ?? "" : user.DisplayName;

    private static CultureInfo CultureOf(AppUser user) =>
        user.Culture is { Length: > 0 } culture ? CultureInfo.GetCultureInfo(culture) : CultureInfo.CurrentUICulture;
}
