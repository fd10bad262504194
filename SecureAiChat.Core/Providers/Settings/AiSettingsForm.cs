using SecureAiChat.Core.Providers.Security;
using SecureAiChat.Core.Settings;

namespace SecureAiChat.Core.Providers.Settings;

/// <summary>
/// What the AI settings page edits. Keys are write-only: <c>NewKey</c> fields carry a replacement once and are
/// cleared by the page after submission; stored keys come back only as masks (<see cref="AiKeyMasks"/>).
/// </summary>
public sealed class AiSettingsForm
{
    public AiProviderChoice Active { get; set; }

    /// <summary>Optional monthly token cap for the tenant's own provider (empty: none).</summary>
    public long? MonthlyTokenCap { get; set; }

    public string? OpenAiNewKey { get; set; }
    public string? OpenAiOrganization { get; set; }
    public string? OpenAiProject { get; set; }
    public string? OpenAiBaseUrl { get; set; }
    public string? OpenAiModels { get; set; }
    public string? OpenAiDefaultModel { get; set; }

    public string? AzureEndpoint { get; set; }
    public string? AzureNewKey { get; set; }
    public string? AzureDeployments { get; set; }
    public string? AzureApiVersion { get; set; }

    public string? CompatibleBaseUrl { get; set; }
    public string? CompatibleNewKey { get; set; }
    public string? CompatibleModels { get; set; }

    /// <summary>Forgets every replacement key typed into the form (they must not linger in the circuit).</summary>
    public void ClearNewKeys()
    {
        OpenAiNewKey = null;
        AzureNewKey = null;
        CompatibleNewKey = null;
    }

    /// <summary>The replacement key typed for <paramref name="choice"/>, if any.</summary>
    public string? NewKeyFor(AiProviderChoice choice) => choice switch
    {
        AiProviderChoice.OwnOpenAIKey => OpenAiNewKey,
        AiProviderChoice.AzureOpenAI => AzureNewKey,
        AiProviderChoice.OpenAICompatible => CompatibleNewKey,
        _ => null,
    } is { } key && !string.IsNullOrWhiteSpace(key) ? key.Trim() : null;
}

/// <summary>The masks of the stored keys (e.g. <c>sk-…7Qx2</c>); empty when no key is stored.</summary>
public sealed record AiKeyMasks(string? OpenAi, string? Azure, string? Compatible)
{
    public string? For(AiProviderChoice choice) => choice switch
    {
        AiProviderChoice.OwnOpenAIKey => OpenAi,
        AiProviderChoice.AzureOpenAI => Azure,
        AiProviderChoice.OpenAICompatible => Compatible,
        _ => null,
    };
}

/// <summary>
/// Why the AI settings were refused. A problem names the form property it belongs to in <c>Field</c> (none: the whole
/// form); the page words it from <c>AiSettingsProblem_{Code}</c>.
/// </summary>
public enum AiSettingsProblem
{
    KeyRequired,

    /// <summary>The default model is not in the list; the value is the default model typed.</summary>
    DefaultModelNotOffered,
    ModelsRequired,
    EndpointRequired,

    /// <summary>The URL's text is refused by the endpoint policy; the value is the <see cref="EndpointRejectionReason"/>.</summary>
    EndpointRefused,

    /// <summary>
    /// "Test connection" did not connect: the endpoint policy refused where the URL leads at connect time (a name that
    /// resolves to an internal address, say); the value is the <see cref="EndpointRejectionReason"/>.
    /// </summary>
    EndpointBlocked,
    DeploymentsRequired,

    /// <summary>A deployment name with characters that are not allowed; the value is the name.</summary>
    DeploymentInvalid,
    ApiVersionInvalid,
    CapInvalid,
    ValueTooLong,
    KeyInUse,

    /// <summary>The option's URL changed while its stored key was kept: the key must be typed again.</summary>
    KeyRequiredForNewEndpoint,

    /// <summary>Another option's URL changed while its stored key was kept.</summary>
    OtherOptionEndpointChanged,
}

/// <summary>What the upstream answered to "Test connection" (not a refusal: the test ran).</summary>
public enum ConnectionTestOutcome
{
    Succeeded,
    KeyRejected,
    ModelNotFound,
    Unreachable,
    TlsError,
    Timeout,
    RateLimited,
    ServerError,
    BadRequest,
    Failed,
}

/// <summary>
/// The answer of "Test connection": the outcome and the upstream's own reason when it gave one (key scrubbed; the
/// provider's words, not ours). A form the test refused before calling anyone is a refusal, not a test.
/// </summary>
public sealed record ConnectionTest(ConnectionTestOutcome Outcome, string? Detail = null, int? StatusCode = null)
{
    public bool Succeeded => Outcome == ConnectionTestOutcome.Succeeded;
}
