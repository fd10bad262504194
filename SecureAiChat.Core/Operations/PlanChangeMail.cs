using SecureAiChat.Core.Data;
using SecureAiChat.Core.Plans;
using SecureAiChat.Core.Tenancy;

namespace SecureAiChat.Core.Operations;

/// <summary>The plan change mail to a workspace's Owners (<see cref="IPlanChangeMail"/>), through <see cref="OwnerMail"/>.</summary>
public sealed class PlanChangeMail(OwnerMail mail) : IPlanChangeMail
{
    public async Task SendAsync(AppDbContext db, AppTenantInfo workspace, PlanChange change, CancellationToken cancellationToken = default)
    {
        var owners = await OwnerMail.OwnersAsync(db, workspace.Id, workspace.DefaultCulture, cancellationToken);
        await mail.SendAsync(owners, o => OperationsMail.PlanChanged(workspace, change, o.Email, o.Culture), cancellationToken);
    }
}
