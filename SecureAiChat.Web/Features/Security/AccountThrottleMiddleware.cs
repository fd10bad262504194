using System.Globalization;
using System.Net;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using SecureAiChat.Core.Identity;
using SecureAiChat.Core.Security;
using SecureAiChat.Web.Components.Account;

namespace SecureAiChat.Web.Features.Security;

/// <summary>
/// Throttles the posts of the static account forms by client address, counted in the database (so every instance
/// enforces one limit): sign-in, two-factor and recovery codes, forgot/reset password, resend confirmation and
/// invitation acceptance. Sign-in is also limited per address and account by failed passwords (recorded by the
/// sign-in page), which stops guessing one account's password without letting anyone lock the account for its
/// owner: the owner signs in from another address. A refused post gets 429, Retry-After and a localized page.
/// </summary>
public sealed class AccountThrottleMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context, AttemptThrottle throttle, IOptions<ThrottleOptions> options, IStringLocalizer<AccountStrings> L)
    {
        var rule = HttpMethods.IsPost(context.Request.Method) ? RuleFor(context.Request.Path, options.Value) : null;
        if (rule is null)
        {
            await next(context);
            return;
        }

        var address = ClientAddressOf(context);
        var decision = await throttle.TakeAsync(rule, address, context.RequestAborted);
        var (refusingRule, refusedPartition) = (rule, address);
        string? email = null;
        if (decision.Allowed && IsSignIn(context.Request.Path) && context.Request.HasFormContentType)
        {
            // The form is buffered by ReadFormAsync; the page binds the same values afterwards.
            IFormCollection form;
            try
            {
                form = await context.Request.ReadFormAsync(context.RequestAborted);
            }
            catch (InvalidDataException)
            {
                // A body that is not a valid form (NUL, invalid UTF-8, over the limits): the framework caches the
                // failed read, so every later reader (antiforgery, the page) would fail with a 500. Refuse it here.
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                return;
            }
            if (form["Input.Email"].ToString() is { Length: > 0 } typed)
            {
                email = typed;
                (refusingRule, refusedPartition) = (options.Value.SignInFailures, AccountPartition(context, typed));
                decision = await throttle.PeekAsync(refusingRule, refusedPartition, context.RequestAborted);
            }
        }
        if (decision.Allowed)
        {
            await next(context);
            return;
        }
        if (SignInMethodOf(context.Request.Path) is { } method)
            await AuditRefusedSignInAsync(throttle, context.RequestServices.GetRequiredService<AccountAudit>(), refusingRule, refusedPartition, email, method, context.RequestAborted);
        await RefuseAsync(context, decision.RetryAfter, L);
    }

    /// <summary>
    /// A refused sign-in is a security event (a spray, or guessing one account), so it is audited, but once per
    /// throttle window and partition: a flood of refused posts must not become a flood of audit rows.
    /// </summary>
    private static async Task AuditRefusedSignInAsync(AttemptThrottle throttle, AccountAudit audit, ThrottleRule rule, string partition,
        string? email, string method, CancellationToken cancellationToken)
    {
        var once = ThrottleRule.Of(rule.Name + ".audited", 1, rule.Window);
        if ((await throttle.TakeAsync(once, partition, cancellationToken)).Allowed)
            await audit.FailedAsync(null, email, AccountAudit.Reasons.Throttled, method, cancellationToken: cancellationToken);
    }

    /// <summary>The client address used for throttling (trustworthy once forwarded headers are limited to known proxies).</summary>
    public static string ClientAddressOf(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    /// <summary>The partition of failed passwords: this address, this host (emails are per workspace) and this account.</summary>
    public static string AccountPartition(HttpContext context, string email) =>
        ClientAddressOf(context) + "\n" + context.Request.Host.Host.ToLowerInvariant() + "\n" + email.Trim().ToUpperInvariant();

    private static bool IsSignIn(PathString path) => path.Equals("/Account/Login", StringComparison.OrdinalIgnoreCase);

    /// <summary>The sign-in method of a sign-in form's path (as the sign-in audit names it), or null for other forms.</summary>
    private static string? SignInMethodOf(PathString path) =>
        IsSignIn(path) ? "password"
        : path.Equals("/Account/LoginWith2fa", StringComparison.OrdinalIgnoreCase) ? "authenticator"
        : path.Equals("/Account/LoginWithRecoveryCode", StringComparison.OrdinalIgnoreCase) ? "recovery_code"
        : null;

    private static ThrottleRule? RuleFor(PathString path, ThrottleOptions options)
    {
        if (IsSignIn(path) || path.Equals("/Account/LoginWith2fa", StringComparison.OrdinalIgnoreCase)
            || path.Equals("/Account/LoginWithRecoveryCode", StringComparison.OrdinalIgnoreCase)) return options.SignIn;
        if (path.Equals("/Account/ForgotPassword", StringComparison.OrdinalIgnoreCase) || path.Equals("/Account/ResetPassword", StringComparison.OrdinalIgnoreCase)
            || path.Equals("/Account/ResendEmailConfirmation", StringComparison.OrdinalIgnoreCase)) return options.AccountMail;
        if (path.StartsWithSegments("/invite", StringComparison.OrdinalIgnoreCase)) return options.Invitation;
        return null;
    }

    private static async Task RefuseAsync(HttpContext context, TimeSpan retryAfter, IStringLocalizer<AccountStrings> L)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        var minutes = Math.Max(1, (seconds + 59) / 60);
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        context.Response.Headers.CacheControl = "no-store";
        context.Response.ContentType = "text/html; charset=utf-8";
        var language = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en" ? "en" : "ja";
        var title = WebUtility.HtmlEncode(L["Throttled_Title"]);
        var message = WebUtility.HtmlEncode(L["Throttled_Message", minutes]);
        var back = WebUtility.HtmlEncode(L["Throttled_Back"]);
        await context.Response.WriteAsync($"""
            <!DOCTYPE html>
            <html lang="{language}">
            <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{title}</title><link rel="stylesheet" href="/app.css"></head>
            <body><main class="account-page"><h1>{title}</h1><p data-testid="throttled" data-retry-after="{seconds}">{message}</p><p><a href="/">{back}</a></p></main></body>
            </html>
            """, context.RequestAborted);
    }
}
