namespace SecureAiChat.Core.Tenancy;

/// <summary>The minimal facts every tenant has (Finbuckle's <c>ITenantInfo</c>).</summary>
public interface ITenantInfo
{
    /// <summary>Stable key stored on every tenant-owned row.</summary>
    string Id { get; }

    /// <summary>The subdomain, lower case: <c>acme</c> in <c>acme.secure-ai-chat.com</c>.</summary>
    string Identifier { get; }

    /// <summary>The company name shown to people.</summary>
    string Name { get; }
}
