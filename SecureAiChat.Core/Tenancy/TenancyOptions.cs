using System.ComponentModel.DataAnnotations;

namespace SecureAiChat.Core.Tenancy;

/// <summary>Configuration section <c>Tenancy</c>.</summary>
public sealed class TenancyOptions
{
    public const string SectionName = "Tenancy";

    /// <summary>The platform site's host; workspaces are <c>{identifier}.{RootDomain}</c>.</summary>
    [Required, RegularExpression(@"^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$")]
    public string RootDomain { get; set; } = "localhost";

    /// <summary>How long a resolved tenant is cached; bounds how stale a suspension can be on another instance.</summary>
    [Range(0, 3600)]
    public int CacheSeconds { get; set; } = 30;
}
