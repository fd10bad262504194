using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;
using SecureAiChat.Core.Data;

namespace SecureAiChat.Core.Tenancy;

/// <summary>
/// Tells this instance's <see cref="TenantSettingsCache"/> about a committed change of an <see cref="ITenantVersioned"/>
/// row. After the commit, not at the save: a read between the two would cache the old rows under the new stamp.
/// <see cref="AppDbContext"/> collects the tenants as it saves; a rollback forgets them.
/// </summary>
public sealed class TenantSettingsCommits(TenantSettingsCache cache) : DbTransactionInterceptor
{
    public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        Touch(eventData.Context);
    }

    public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        Touch(eventData.Context);
        return Task.CompletedTask;
    }

    public override void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) =>
        (eventData?.Context as AppDbContext)?.TakeChangedSettingsTenants();

    public override Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        (eventData?.Context as AppDbContext)?.TakeChangedSettingsTenants();
        return Task.CompletedTask;
    }

    private void Touch(Microsoft.EntityFrameworkCore.DbContext? context)
    {
        if (context is not AppDbContext db)
        {
            return;
        }

        foreach (var tenant in db.TakeChangedSettingsTenants())
        {
            cache.Touch(tenant);
        }
    }
}
