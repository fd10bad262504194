using SecureAiChat.Core.Data;
using SecureAiChat.Core.Settings;

namespace SecureAiChat.Core.Providers.Settings;

/// <summary>
/// A workspace's AI provider settings (one row per tenant). Each option keeps its own fields, so an admin
/// can switch back and forth without typing everything again. Keys are stored only as Data Protection
/// ciphertext (purpose per tenant) with a display mask beside them; the plain key is never stored.
/// </summary>
public sealed class AiProviderSettings : ITenantVersioned
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public string TenantId { get; set; } = "";

    /// <summary>The option in force; the others' fields are kept but unused.</summary>
    public AiProviderChoice Active { get; set; } = AiProviderChoice.SystemDefault;

    /// <summary>Optional monthly token cap an admin sets for their own provider (no platform allowance applies there).</summary>
    public long? MonthlyTokenCap { get; set; }

    // Own OpenAI key
    public string? OpenAiKeyProtected { get; set; }
    public string? OpenAiKeyMask { get; set; }
    public string? OpenAiOrganization { get; set; }
    public string? OpenAiProject { get; set; }
    /// <summary>Optional base URL override (a gateway speaking the OpenAI API); empty for api.openai.com.</summary>
    public string? OpenAiBaseUrl { get; set; }
    /// <summary>Models offered to members, one per line.</summary>
    public string? OpenAiModels { get; set; }
    public string? OpenAiDefaultModel { get; set; }

    // Azure OpenAI
    public string? AzureEndpoint { get; set; }
    public string? AzureKeyProtected { get; set; }
    public string? AzureKeyMask { get; set; }
    /// <summary>Deployments, one per line: <c>deployment-name = display name</c>.</summary>
    public string? AzureDeployments { get; set; }
    public string? AzureApiVersion { get; set; }

    // OpenAI-compatible endpoint
    public string? CompatibleBaseUrl { get; set; }
    public string? CompatibleKeyProtected { get; set; }
    public string? CompatibleKeyMask { get; set; }
    public string? CompatibleModels { get; set; }

    /// <summary>When an admin last confirmed an option (the onboarding "choose the API" fact).</summary>
    public DateTimeOffset? ConfirmedAt { get; set; }

    public string? ConfirmedByUserId { get; set; }

    /// <summary>When an admin first opened the usage page (the onboarding "usage and cost review" fact).</summary>
    public DateTimeOffset? UsageReviewedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; } = DateTimeOffset.UtcNow;
}
