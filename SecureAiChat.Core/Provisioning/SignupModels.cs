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

public enum SignupField
{
    Form,
    CompanyName,
    Subdomain,
    AdminName,
    AdminEmail,
    Password,
    Plan,
    AcceptTerms,
}

/// <summary>Why a field was refused; the web layer turns codes into localized messages.</summary>
public enum SignupErrorCode
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

/// <summary>One problem with one field. <see cref="Detail"/>: the subdomain rule that failed, or Identity's (localized) password message.</summary>
public sealed record SignupProblem(SignupField Field, SignupErrorCode Code, string? Detail = null);

public sealed class SignupResult
{
    /// <summary>The internal key (job argument, logs); not a way to the status page.</summary>
    public string? RequestId { get; init; }

    /// <summary>The status page's address; the submitting component navigates with it only through the binding token.</summary>
    public string? StatusId { get; init; }

    /// <summary>
    /// One-time, two-minute token the form exchanges at <c>/signup/bind</c> for the HttpOnly cookie that binds
    /// the Owner sign-in offer to this browser.
    /// </summary>
    public string? BindingToken { get; init; }

    public IReadOnlyList<SignupProblem> Problems { get; init; } = [];

    /// <summary>Free alternatives when the subdomain is taken.</summary>
    public IReadOnlyList<string> Suggestions { get; init; } = [];

    public bool Succeeded => RequestId is not null;

    public IEnumerable<SignupProblem> For(SignupField field) => Problems.Where(p => p.Field == field);
}

/// <summary>The answer to "can I have this subdomain?" while typing.</summary>
public sealed record SubdomainCheck(string Normalized, Tenancy.TenantIdentifierProblem? Problem, bool Available, IReadOnlyList<string> Suggestions)
{
    public bool IsValid => Problem is null;
}
