using SecureAiChat.Core.Data;

namespace SecureAiChat.Core.Provisioning;

/// <summary>
/// A signup accepted on the platform site and the durable record of its provisioning. Global: it exists
/// before its tenant does. It never holds the plain password: only Identity's hash, erased once the admin
/// account exists.
/// </summary>
public sealed class ProvisioningRequest : IGlobalEntity
{
    /// <summary>
    /// 128-bit random, URL-safe internal key: Hangfire job arguments, logs and the operators' console use it.
    /// It is not the status page's address (<see cref="StatusId"/>), so a log line or a job argument gives no
    /// way to the status page.
    /// </summary>
    public string Id { get; set; } = "";

    /// <summary>128-bit random, URL-safe: the status page's address. Never logged, never a job argument.</summary>
    public string StatusId { get; set; } = SignupService.NewRequestId();

    /// <summary>
    /// Hex SHA-256 of the one-time binding token the signup form hands to <c>/signup/bind</c> (two minutes);
    /// null once exchanged for the browser cookie.
    /// </summary>
    public string? BindingTokenHash { get; set; }

    public DateTimeOffset? BindingExpiresAt { get; set; }

    /// <summary>
    /// Hex SHA-256 of the secret in the HttpOnly cookie of the browser that submitted the signup. Only that
    /// browser gets the Owner sign-in link; the status id alone shows progress, never a sign-in.
    /// </summary>
    public string? BrowserSecretHash { get; set; }

    /// <summary>The id the tenant gets; chosen at signup so every step knows it before the tenant exists.</summary>
    public string TenantId { get; set; } = Guid.NewGuid().ToString("N");

    public string Identifier { get; set; } = "";

    public string CompanyName { get; set; } = "";

    public string AdminName { get; set; } = "";

    public string AdminEmail { get; set; } = "";

    /// <summary>Identity's password hash for the admin; null once step 2 has created the account.</summary>
    public string? AdminPasswordHash { get; set; }

    /// <summary>Plan code (Starter or Standard; Professional for a PoC trial an operator started).</summary>
    public string Plan { get; set; } = "";

    /// <summary>
    /// Set for a PoC trial an operator started from a sales lead: the workspace gets this trial end date, and the contact is
    /// invited as Owner (an invitation mail; they choose their own password) instead of an admin account with a signup password.
    /// </summary>
    public DateTimeOffset? TrialEndsAt { get; set; }

    /// <summary>UI culture of the signup, used for the welcome email (ja-JP or en-US).</summary>
    public string Culture { get; set; } = "ja-JP";

    /// <summary>Scheme, host and port the platform was reached on, for links in the welcome email.</summary>
    public string PlatformBaseUrl { get; set; } = "";

    /// <summary>The client address that submitted the signup (abuse investigation).</summary>
    public string? ClientAddress { get; set; }

    public ProvisioningStatus Status { get; set; } = ProvisioningStatus.Pending;

    /// <summary>How many times the job has started on this request (Hangfire retries and restarts included).</summary>
    public int Runs { get; set; }

    /// <summary>The Hangfire job id.</summary>
    public string? JobId { get; set; }

    /// <summary>The admin's user id once step 2 created it.</summary>
    public string? AdminUserId { get; set; }

    /// <summary>What went wrong at the final failure, for the status page and support.</summary>
    public string? Error { get; set; }

    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;

    public DateTimeOffset? CompletedAt { get; set; }

    /// <summary>Optimistic concurrency token (two workers never both finish a request unnoticed).</summary>
    public string ConcurrencyStamp { get; set; } = Guid.NewGuid().ToString("N");

    public List<ProvisioningStepRecord> Steps { get; set; } = [];
}

/// <summary>Where a provisioning request stands.</summary>
public enum ProvisioningStatus
{
    /// <summary>Stored, job enqueued, not started yet.</summary>
    Pending = 0,

    /// <summary>A worker is running the steps.</summary>
    Running,

    /// <summary>A step failed; the job will be retried after a backoff delay.</summary>
    Retrying,

    /// <summary>All steps done; the workspace is active.</summary>
    Succeeded,

    /// <summary>Retries exhausted; support was notified and an operator can retry.</summary>
    Failed,
}

/// <summary>The five provisioning steps, in order.</summary>
public enum ProvisioningStep
{
    CreateTenant = 1,
    CreateAdmin = 2,
    DefaultSettings = 3,
    WelcomeEmail = 4,
    Monitoring = 5,
}

public enum StepStatus
{
    Pending = 0,
    Running,
    Succeeded,
    Failed,
}

/// <summary>One step of one request: status, attempts, times and the last error.</summary>
public sealed class ProvisioningStepRecord : IGlobalEntity
{
    public long Id { get; set; }

    public string RequestId { get; set; } = "";

    public ProvisioningStep Step { get; set; }

    public StepStatus Status { get; set; } = StepStatus.Pending;

    public int Attempts { get; set; }

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }

    /// <summary>Last error message (never a password or token).</summary>
    public string? Error { get; set; }
}

/// <summary>
/// Holds a subdomain from the moment a signup is accepted, so two signups for the same name cannot both
/// pass: the primary key is the identifier, and the second insert fails in the database.
/// </summary>
public sealed class SubdomainReservation : IGlobalEntity
{
    public string Identifier { get; set; } = "";

    public string RequestId { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;
}
