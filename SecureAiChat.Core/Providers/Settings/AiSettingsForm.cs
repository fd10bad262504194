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

/// <summary>Why a form was refused; the page shows the localized text of <see cref="Code"/> (plus <see cref="Detail"/>).</summary>
public enum AiSettingsProblemCode
{
    KeyRequired,
    ModelsRequired,
    DefaultModelNotOffered,
    EndpointRequired,
    EndpointRefused,
    DeploymentsRequired,
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

/// <summary>A refused field.</summary>
/// <param name="Field">The form property the problem belongs to.</param>
/// <param name="Code">What is wrong.</param>
/// <param name="Detail">Already localized detail (the endpoint policy's reason) or the offending value.</param>
public sealed record AiSettingsProblem(string Field, AiSettingsProblemCode Code, string? Detail = null);

/// <summary>How a connection test ended.</summary>
public enum ConnectionTestOutcome
{
    Succeeded,
    Invalid,
    Blocked,
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

/// <summary>The result of "Test connection": the outcome, the upstream's reason when it gave one (key scrubbed), and the problems of an invalid form.</summary>
public sealed record ConnectionTestResult(ConnectionTestOutcome Outcome, string? Detail = null, int? StatusCode = null, IReadOnlyList<AiSettingsProblem>? Problems = null)
{
    public bool Succeeded => Outcome == ConnectionTestOutcome.Succeeded;

    internal static ConnectionTestResult Blocked(EndpointRejectionReason reason) => new(ConnectionTestOutcome.Blocked, EndpointStrings.ForReason(reason));
}
