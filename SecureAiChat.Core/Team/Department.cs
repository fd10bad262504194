using SecureAiChat.Core.Data;

namespace SecureAiChat.Core.Team;

/// <summary>A department of the workspace; members belong to at most one. Chat can be rolled out department by department.</summary>
public sealed class Department : ITenantOwned
{
    public const int NameMaxLength = 50;

    public Guid Id { get; set; } = Guid.NewGuid();

    public string TenantId { get; set; } = "";

    public string Name { get; set; } = "";

    /// <summary>Chat is open to this department when the rollout is limited to chosen departments.</summary>
    public bool ChatEnabled { get; set; }

    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;
}
