namespace SecureAiChat.Core.Plans;

/// <summary>The AI provider option a plan recommends to its customers (seed section B).</summary>
public enum RecommendedApiOption
{
    /// <summary>The platform's key with a monthly token allowance.</summary>
    SystemDefault,

    /// <summary>The customer's own OpenAI API key, billed to the customer.</summary>
    OwnOpenAIKey,

    /// <summary>The customer's own Azure OpenAI resource.</summary>
    AzureOpenAI,
}
