using System.ComponentModel.DataAnnotations;

namespace SecureAiChat.Core.Tenancy;

/// <summary>Configuration section <c>Tenancy</c>.</summary>
public sealed class TenancyOptions : IValidatableObject
{
    public const string SectionName = "Tenancy";

    /// <summary>The platform site's host; workspaces are <c>{identifier}.{RootDomain}</c>.</summary>
    [Required, RegularExpression(@"^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$")]
    public string RootDomain { get; set; } = "localhost";

    /// <summary>How long a resolved tenant is cached at most; changes are seen sooner, through <see cref="ChangePollSeconds"/>.</summary>
    [Range(0, 3600)]
    public int CacheSeconds { get; set; } = 30;

    /// <summary>
    /// How often each instance looks for changed tenants (status, plan, name): a suspension made on one instance
    /// reaches every instance's cache and open pages within this many seconds.
    /// </summary>
    [Range(1, 60)]
    public int ChangePollSeconds { get; set; } = 2;

    /// <summary>
    /// Scheme of links the product sends (mail, sign-in links). Never taken from a request, which an attacker
    /// controls. Defaults to https; Development's appsettings sets http.
    /// </summary>
    [RegularExpression("^https?$")]
    public string PublicScheme { get; set; } = "https";

    /// <summary>Port of links the product sends; empty for the scheme's default port.</summary>
    [Range(1, 65535)]
    public int? PublicPort { get; set; }

    /// <summary>
    /// One setting instead of <see cref="PublicScheme"/> and <see cref="PublicPort"/>, e.g. <c>https://secure-ai-chat.com</c>;
    /// its host must be <see cref="RootDomain"/> (workspaces get <c>{identifier}.</c> prepended).
    /// </summary>
    public string? PublicBaseUrl { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(PublicBaseUrl)) yield break;
        if (!Uri.TryCreate(PublicBaseUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || uri.AbsolutePath != "/" || uri.Query.Length > 0 || uri.Fragment.Length > 0 || uri.UserInfo.Length > 0)
            yield return new ValidationResult("Tenancy:PublicBaseUrl must be an http(s) URL with no path, e.g. https://secure-ai-chat.com", [nameof(PublicBaseUrl)]);
        else if (!string.Equals(uri.Host, RootDomain, StringComparison.OrdinalIgnoreCase))
            yield return new ValidationResult("The host of Tenancy:PublicBaseUrl must be Tenancy:RootDomain.", [nameof(PublicBaseUrl)]);
    }
}
