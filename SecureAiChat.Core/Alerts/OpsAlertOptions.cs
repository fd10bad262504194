namespace SecureAiChat.Core.Alerts;

/// <summary>Where operators' alerts are mailed (<c>Ops:AlertAddress</c>).</summary>
public sealed class OpsAlertOptions
{
    public const string SectionName = "Ops";

    /// <summary>The operations team's mailbox; empty: platform alerts are listed on /ops/alerts only.</summary>
    [System.ComponentModel.DataAnnotations.EmailAddress]
    public string? AlertAddress { get; set; }
}
