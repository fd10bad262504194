namespace SecureAiChat.Core.Plans;

/// <summary>How a customer starts on a plan.</summary>
public enum SignupMode
{
    /// <summary>Signs up on the platform site and is provisioned automatically.</summary>
    SelfService,

    /// <summary>Starts with a sales inquiry; the workspace is set up with the customer.</summary>
    SalesLed,
}
