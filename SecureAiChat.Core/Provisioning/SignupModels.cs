namespace SecureAiChat.Core.Provisioning;

/// <summary>What a visitor submits on the signup page. <see cref="Website"/> is the honeypot: people never see it.</summary>
public sealed class SignupForm
{
    public string? CompanyName { get; set; }

    public string? Subdomain { get; set; }

    public string? AdminName { get; set; }

    public string? AdminEmail { get; set; }

    public string? Password { get; set; }

    public string? Plan { get; set; } = "Starter";

    public bool AcceptTerms { get; set; }

    /// <summary>Honeypot: hidden from people, filled by bots.</summary>
    public string? Website { get; set; }
}

/// <summary>Who submits and from where: the client address (rate limit), the UI culture and the platform's base URL.</summary>
/// <param name="ClientAddress">The client IP captured when the request or circuit was opened.</param>
/// <param name="Culture">The UI culture, e.g. ja-JP.</param>
/// <param name="PlatformBaseUrl">e.g. http://localhost:5000/ (scheme and port for links in the welcome email).</param>
public sealed record SignupContext(string ClientAddress, string Culture, string PlatformBaseUrl);

/// <summary>
/// Why a signup was refused; the page words it (<c>SignupProblem_{Code}</c>). Each problem names the form field it belongs
/// to in <see cref="Results.Problem{TCode}.Field"/> (<c>nameof(SignupForm.Password)</c>; none for the whole form). Values:
/// the <see cref="Tenancy.TenantIdentifierProblem"/> of <see cref="SubdomainFormat"/>, and Identity's own (already
/// localized) description of the rule <see cref="PasswordRule"/> failed.
/// </summary>
public enum SignupProblem
{
    Required,
    TooLong,
    SubdomainFormat,
    SubdomainTaken,
    EmailInvalid,
    PasswordRule,
    PlanNotSelfService,
    TermsNotAccepted,
    RateLimited,
    Rejected,
}

/// <summary>An accepted signup: the provisioning request it stored.</summary>
/// <param name="RequestId">The internal key (job argument, logs); not a way to the status page.</param>
/// <param name="StatusId">The status page's address; the submitting component navigates with it only through the binding token.</param>
/// <param name="BindingToken">
/// One-time, two-minute token the form exchanges at <c>/signup/bind</c> for the HttpOnly cookie that binds the Owner
/// sign-in offer to this browser.
/// </param>
public sealed record SignupAccepted(string RequestId, string StatusId, string BindingToken);

/// <summary>The answer to "can I have this subdomain?" while typing.</summary>
public sealed record SubdomainCheck(string Normalized, Tenancy.TenantIdentifierProblem? Problem, bool Available, IReadOnlyList<string> Suggestions)
{
    public bool IsValid => Problem is null;
}
