using System.ComponentModel.DataAnnotations;

namespace SecureAiChat.Core.Usage;

/// <summary>Price of one model in USD per million tokens, as the provider lists it.</summary>
public sealed class ModelPrice
{
    [Range(0, 10_000)]
    public decimal InputPerMillionUsd { get; set; }

    [Range(0, 10_000)]
    public decimal OutputPerMillionUsd { get; set; }
}

/// <summary>
/// The price table behind the usage page's estimated cost (<c>Usage:Pricing</c>). Estimates only: the
/// provider's invoice decides. Models missing from the table show no cost rather than a wrong one.
/// </summary>
public sealed class UsagePricingOptions
{
    public const string SectionName = "Usage:Pricing";

    /// <summary>Yen per US dollar (<c>Usage:Pricing:UsdToJpy</c>).</summary>
    [Range(1, 10_000)]
    public decimal UsdToJpy { get; set; } = 150m;

    /// <summary>Prices by model id, case-insensitive (<c>Usage:Pricing:Models:gpt-4o-mini:InputPerMillionUsd</c>).</summary>
    public Dictionary<string, ModelPrice> Models { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["gpt-4o-mini"] = new() { InputPerMillionUsd = 0.15m, OutputPerMillionUsd = 0.60m },
        ["gpt-4o"] = new() { InputPerMillionUsd = 2.50m, OutputPerMillionUsd = 10.00m },
        ["gpt-4.1"] = new() { InputPerMillionUsd = 2.00m, OutputPerMillionUsd = 8.00m },
        ["gpt-4.1-mini"] = new() { InputPerMillionUsd = 0.40m, OutputPerMillionUsd = 1.60m },
    };

    /// <summary>Estimated cost in yen, or null when the model has no price.</summary>
    public decimal? EstimateYen(string model, long inputTokens, long outputTokens)
    {
        var price = Models.FirstOrDefault(p => string.Equals(p.Key, model, StringComparison.OrdinalIgnoreCase)).Value;
        return price is null ? null
            : (inputTokens * price.InputPerMillionUsd + outputTokens * price.OutputPerMillionUsd) / 1_000_000m * UsdToJpy;
    }
}
