using SecureAiChat.Core.Data;

namespace SecureAiChat.Core.Sales;

/// <summary>A sales inquiry from the platform site (Professional, Enterprise, or a demo for Standard), for the operator console.</summary>
public sealed class SalesLead : IGlobalEntity
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public string CompanyName { get; set; } = "";

    public string ContactName { get; set; } = "";

    public string Email { get; set; } = "";

    public string? Phone { get; set; }

    public int? ExpectedSeats { get; set; }

    /// <summary>Plan code the requester is interested in, if any.</summary>
    public string? PreferredPlan { get; set; }

    /// <summary>True when the visitor asked for a demo (Standard) rather than a quote.</summary>
    public bool DemoRequested { get; set; }

    public string? Message { get; set; }

    public string Culture { get; set; } = "ja-JP";

    public string? ClientAddress { get; set; }

    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;
}
