namespace SecureAiChat.Core.Audit;

/// <summary>
/// Who the audit jobs mail, resolved from the scope they ask in (the platform scope for operators, a workspace's scope for
/// its Owners). An interface here, implemented by Identity (<c>AuditRecipients</c>), because Identity records its
/// sign-ins and account changes through Audit: Audit must not use Identity back.
/// </summary>
public interface IAuditRecipients
{
    /// <summary>The active platform operators (in the platform scope).</summary>
    Task<IReadOnlyList<AuditRecipient>> OperatorsAsync();

    /// <summary>The active Owners of the scope's workspace.</summary>
    Task<IReadOnlyList<AuditRecipient>> OwnersAsync();
}
