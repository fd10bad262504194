namespace SecureAiChat.Core.Plans;

/// <summary>Identifies a subscription plan. Stored by name, so never rename members.</summary>
public enum PlanCode
{
    /// <summary>Small teams, fully self-service.</summary>
    Starter,

    /// <summary>Growing teams, self-service with an own OpenAI key recommended.</summary>
    Standard,

    /// <summary>Departments, sales-led with a proof of concept.</summary>
    Professional,

    /// <summary>Whole companies, sales-led with Azure OpenAI and custom integration.</summary>
    Enterprise,
}
