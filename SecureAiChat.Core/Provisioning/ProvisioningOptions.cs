using System.ComponentModel.DataAnnotations;

namespace SecureAiChat.Core.Provisioning;

/// <summary>Configuration section <c>Provisioning</c>.</summary>
public sealed class ProvisioningOptions
{
    public const string SectionName = "Provisioning";

    /// <summary>Attempts of one step inside one job run before the run gives up (backoff doubles from 500 ms).</summary>
    [Range(1, 10)]
    public int StepAttempts { get; set; } = 3;

    /// <summary>Job runs in total (first run plus Hangfire's retries) before the request is marked failed.</summary>
    [Range(1, 20)]
    public int MaxRuns { get; set; } = 4;

    /// <summary>Where support is told about a provisioning that failed for good.</summary>
    [Required]
    public string SupportAddress { get; set; } = "support@localhost";

    /// <summary>How long after provisioning the status page still offers the one-click sign-in.</summary>
    [Range(1, 1440)]
    public int LoginLinkOfferMinutes { get; set; } = 60;
}

/// <summary>Configuration section <c>Signup</c>.</summary>
public sealed class SignupOptions
{
    public const string SectionName = "Signup";

    /// <summary>Signup and sales inquiry submissions allowed per client address in <see cref="RateLimitWindowSeconds"/>.</summary>
    [Range(1, 100000)]
    public int RateLimitPermits { get; set; } = 10;

    [Range(1, 86400)]
    public int RateLimitWindowSeconds { get; set; } = 3600;

    /// <summary>The limit of one public form (<c>signup</c>, <c>sales</c>), counted in the database by <see cref="Security.AttemptThrottle"/>.</summary>
    public Security.ThrottleRule Throttle(string action) => Security.ThrottleRule.Of(action, RateLimitPermits, TimeSpan.FromSeconds(RateLimitWindowSeconds));
}
