using SecureAiChat.Core.Data;

namespace SecureAiChat.Core.Templates;

/// <summary>The template library's workspace setting (one row per workspace, created on first save).</summary>
public sealed class PromptLibrarySettings : ITenantOwned
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public string TenantId { get; set; } = "";

    /// <summary>Members may add templates shared with everyone (admins always may).</summary>
    public bool MembersMayShare { get; set; }
}
