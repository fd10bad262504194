using System.ComponentModel.DataAnnotations;

namespace SecureAiChat.Core.Usage;

/// <summary>The analytics page and chargeback settings (<c>Usage:Analytics</c>).</summary>
public sealed class AnalyticsOptions
{
    public const string SectionName = "Usage:Analytics";

    /// <summary>First month of the fiscal year (<c>Usage:Analytics:FiscalYearStartMonth</c>, default 4 = April).</summary>
    [Range(1, 12)]
    public int FiscalYearStartMonth { get; set; } = 4;

    /// <summary>Consumption tax rate added on the chargeback (<c>Usage:Analytics:ConsumptionTaxRate</c>, default 0.10).</summary>
    [Range(typeof(decimal), "0", "1")]
    public decimal ConsumptionTaxRate { get; set; } = 0.10m;
}
