using SecureAiChat.Core.Data;
using SecureAiChat.Core.Tenancy;

namespace SecureAiChat.Core.Plans;

/// <summary>
/// Tells a workspace's Owners about a saved plan change. An interface here, implemented by Operations
/// (<c>PlanChangeMail</c>, through its Owner mail), because Operations reads plans: Plans must not use Operations back.
/// </summary>
public interface IPlanChangeMail
{
    /// <summary>Mails the workspace's active Owners, each in their language; a mail that cannot be handed over is logged.</summary>
    Task SendAsync(AppDbContext db, AppTenantInfo workspace, PlanChange change, CancellationToken cancellationToken = default);
}
