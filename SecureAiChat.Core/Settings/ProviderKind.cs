namespace SecureAiChat.Core.Settings;

/// <summary>
/// The kind of upstream a chat endpoint talks to. Decides which SDK client is built and how the
/// endpoint, key and model are interpreted.
/// </summary>
public enum ProviderKind
{
    /// <summary>The built-in offline demo model; needs no key and makes no network calls.</summary>
    Demo = 0,

    /// <summary>api.openai.com (or an explicit endpoint speaking the same API); key sent as <c>Authorization: Bearer</c>.</summary>
    OpenAI = 1,

    /// <summary>Azure OpenAI; the model is the deployment name and the key is sent as <c>api-key</c>.</summary>
    AzureOpenAI = 2,

    /// <summary>Any server implementing the OpenAI chat completions API (vLLM, LM Studio, Ollama, gateways).</summary>
    OpenAICompatible = 3,
}
