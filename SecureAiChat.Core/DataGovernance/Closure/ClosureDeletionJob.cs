using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SecureAiChat.Core.Audit;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Email;
using SecureAiChat.Core.Identity;
using SecureAiChat.Core.Provisioning;
using SecureAiChat.Core.Tenancy;

namespace SecureAiChat.Core.DataGovernance.Closure;

/// <summary>
/// The daily final deletion of workspaces whose closure grace period has ended: every row of the workspace in every
/// tenant-owned table of the model (found from the model, so a table added later is deleted too), the provisioning
/// request (the signup's contact and password hash) and the workspace's audit chain key. The tenant row stays, closed,
/// so the identifier is never handed to another company. The run leaves a <see cref="DeletionCertificate"/>, records
/// it in the platform audit chain (counts only) and mails it to the Owners.
/// </summary>
/// <remarks>
/// Each workspace is deleted in one transaction that starts by moving the tenant row from Closing to Closed with a
/// conditional update: of two runs at once (two instances, a Hangfire retry) exactly one matches the row, the other
/// waits for its commit and finds nothing to do; a crash rolls everything back and the next run starts over.
/// </remarks>
public sealed partial class ClosureDeletionJob(TenantScopeFactory scopes, IEmailSender email, TimeProvider time, ILogger<ClosureDeletionJob> logger)
{
    public const string RecurringJobId = "workspace-closure-deletion";

    /// <summary>Deletes every workspace past its grace period, then mails certificates not mailed yet.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        List<string> due;
        await using (var platform = scopes.CreatePlatformScope())
        {
            var db = platform.ServiceProvider.GetRequiredService<AppDbContext>();
            var now = time.GetUtcNow();
            // Few rows; compared here because SQLite cannot compare DateTimeOffset columns in SQL.
            due = (await db.Tenants.AsNoTracking().Where(t => t.Status == TenantStatus.Closing)
                    .Select(t => new { t.Id, t.ClosureDeletesAt }).ToListAsync(cancellationToken))
                .Where(t => t.ClosureDeletesAt <= now).Select(t => t.Id).ToList();
        }

        Exception? first = null;
        foreach (var tenantId in due)
        {
            try
            {
                await DeleteAsync(tenantId, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogDeletionFailed(logger, ex, tenantId);
                first ??= ex;
            }
        }

        try
        {
            await MailPendingAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            first ??= ex;
        }

        if (first is not null) throw new InvalidOperationException("Workspace closure deletion failed for at least one workspace; see the log.", first);
    }

    /// <summary>Deletes one closing workspace's data; null when another run did it or it is no longer closing.</summary>
    public async Task<DeletionCertificate?> DeleteAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreatePlatformScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var audit = scope.ServiceProvider.GetRequiredService<IAuditLog>();
        var now = time.GetUtcNow();
        var certificate = await db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var claimed = await db.Tenants.Where(t => t.Id == tenantId && t.Status == TenantStatus.Closing).ExecuteUpdateAsync(s => s
                .SetProperty(t => t.Status, TenantStatus.Closed).SetProperty(t => t.ClosedAt, now).SetProperty(t => t.Version, t => t.Version + 1), ct);
            if (claimed == 0) return null;

            var tenant = await db.Tenants.AsNoTracking().SingleAsync(t => t.Id == tenantId, ct);
            var recipients = await OwnersAsync(db, tenantId, ct);
            var counts = await DeleteRowsAsync(db, tenantId, ct);
            var made = new DeletionCertificate
            {
                TenantId = tenantId,
                Identifier = tenant.Identifier,
                WorkspaceName = tenant.Name,
                ClosureRequestedAt = tenant.ClosureRequestedAt ?? now,
                DeletedAt = now,
                Recipients = JsonSerializer.Serialize(recipients),
            };
            made.Seal(counts);
            db.Add(made);
            audit.Record(db, AuditActions.WorkspaceDeleted, new AuditTarget("Workspace", tenantId, tenant.Identifier),
                new { certificate = made.Id, totalRows = made.TotalRows, counts = made.Counts, hash = made.Hash });
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return made;
        }, cancellationToken);

        if (certificate is not null)
        {
            LogDeleted(logger, tenantId, certificate.TotalRows);
            await MailAsync(db, certificate, cancellationToken);
        }

        return certificate;
    }

    /// <summary>The tenant-owned entity types of the model, each after the types that reference it (so no foreign key is left dangling).</summary>
    public static IReadOnlyList<IEntityType> DeletionOrder(IModel model)
    {
        var owned = model.GetEntityTypes()
            .Where(t => t.BaseType is null && !t.IsOwned() && typeof(ITenantOwned).IsAssignableFrom(t.ClrType))
            .OrderBy(t => t.ClrType.Name, StringComparer.Ordinal).ToList();
        var set = owned.ToHashSet();
        var order = new List<IEntityType>();
        var visited = new HashSet<IEntityType>();
        void Visit(IEntityType type)
        {
            if (!visited.Add(type)) return;
            foreach (var dependent in type.GetReferencingForeignKeys().Select(fk => fk.DeclaringEntityType.GetRootType()).Where(set.Contains))
            {
                Visit(dependent);
            }

            order.Add(type);
        }

        foreach (var type in owned) Visit(type);
        return order;
    }

    private static async Task<SortedDictionary<string, long>> DeleteRowsAsync(AppDbContext db, string tenantId, CancellationToken cancellationToken)
    {
        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var type in DeletionOrder(db.Model))
        {
            var delete = DeleteOfType.MakeGenericMethod(type.ClrType);
            counts[type.ClrType.Name] = await (Task<int>)delete.Invoke(null, [db, tenantId, cancellationToken])!;
        }

        // Global rows that exist only for this workspace: its signup (contact, password hash), support replies and its audit chain's key.
        var requests = db.ProvisioningRequests.Where(r => r.TenantId == tenantId);
        counts[nameof(ProvisioningStepRecord)] = await db.ProvisioningSteps.Where(s => requests.Any(r => r.Id == s.RequestId)).ExecuteDeleteAsync(cancellationToken);
        counts[nameof(ProvisioningRequest)] = await requests.ExecuteDeleteAsync(cancellationToken);
        counts[nameof(Support.SupportReply)] = await db.SupportReplies.Where(r => r.TenantId == tenantId).ExecuteDeleteAsync(cancellationToken);
        var chain = AuditChains.ForTenant(tenantId);
        counts[nameof(AuditDailyHash)] = await db.AuditDailyHashes.Where(h => h.ChainKey == chain).ExecuteDeleteAsync(cancellationToken);
        counts[nameof(AuditChainHead)] = await db.AuditChainHeads.Where(h => h.ChainKey == chain).ExecuteDeleteAsync(cancellationToken);
        return counts;
    }

    private static readonly System.Reflection.MethodInfo DeleteOfType =
        typeof(ClosureDeletionJob).GetMethod(nameof(DeleteOfTypeAsync), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!;

    // The platform scope's filter matches no workspace row: the filter is lifted and the tenant named explicitly.
    private static Task<int> DeleteOfTypeAsync<T>(AppDbContext db, string tenantId, CancellationToken cancellationToken) where T : class, ITenantOwned =>
        db.Set<T>().IgnoreQueryFilters().Where(e => EF.Property<string>(e, nameof(ITenantOwned.TenantId)) == tenantId).ExecuteDeleteAsync(cancellationToken);

    private static async Task<List<CertificateRecipient>> OwnersAsync(AppDbContext db, string tenantId, CancellationToken cancellationToken)
    {
        var ownerRole = await db.Roles.Where(r => r.Name == Roles.Owner).Select(r => r.Id).SingleAsync(cancellationToken);
        return await db.Users.IgnoreQueryFilters()
            .Where(u => u.TenantId == tenantId && u.IsActive && u.Email != null
                && db.UserRoles.IgnoreQueryFilters().Any(r => r.TenantId == tenantId && r.UserId == u.Id && r.RoleId == ownerRole))
            .OrderBy(u => u.Email)
            .Select(u => new CertificateRecipient(u.Email!, u.Culture ?? "ja-JP"))
            .ToListAsync(cancellationToken);
    }

    /// <summary>Mails certificates whose mail did not go out (the run that deleted them failed to hand it over).</summary>
    public async Task MailPendingAsync(CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreatePlatformScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        foreach (var certificate in await db.Set<DeletionCertificate>().AsNoTracking().Where(c => c.MailedAt == null).ToListAsync(cancellationToken))
        {
            await MailAsync(db, certificate, cancellationToken);
        }
    }

    // Claimed with a conditional update first, so two runs never both mail; released again when the hand-over fails.
    private async Task MailAsync(AppDbContext db, DeletionCertificate certificate, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var claimed = await db.Set<DeletionCertificate>().Where(c => c.Id == certificate.Id && c.MailedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.MailedAt, now), cancellationToken);
        if (claimed == 0) return;
        try
        {
            foreach (var recipient in JsonSerializer.Deserialize<List<CertificateRecipient>>(certificate.Recipients) ?? [])
            {
                await email.SendAsync(CertificateMail(certificate, recipient.Email, CultureInfo.GetCultureInfo(recipient.Culture)), cancellationToken);
            }
        }
        catch
        {
            await db.Set<DeletionCertificate>().Where(c => c.Id == certificate.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.MailedAt, (DateTimeOffset?)null), CancellationToken.None);
            throw;
        }
    }

    /// <summary>The certificate mail (ja/en): the fields, the counts, and the hashed text as an attachment so it can be checked.</summary>
    public static EmailMessage CertificateMail(DeletionCertificate certificate, string to, CultureInfo culture)
    {
        string S(string name, params object?[] args) => ClosureStrings.Get(name, culture, args);
        string When(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, WorkspaceTime.Tokyo).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " (UTC+09:00)";
        var counts = certificate.Counts.Select(c => (c.Key, c.Value.ToString("N0", culture))).ToList();
        counts.Add((S("Mail_Total"), certificate.TotalRows.ToString("N0", culture)));
        var message = new EmailBodyBuilder(new EmailStrings(culture))
            .Heading(S("Mail_Heading"))
            .Paragraph(S("Mail_Body", certificate.WorkspaceName, certificate.Identifier))
            .Fields([
                (S("Mail_CertificateId"), certificate.Id.ToString("D")),
                (S("Mail_Workspace"), certificate.WorkspaceName),
                (S("Mail_Identifier"), certificate.Identifier),
                (S("Mail_RequestedAt"), When(certificate.ClosureRequestedAt)),
                (S("Mail_DeletedAt"), When(certificate.DeletedAt)),
                (S("Mail_Hash"), certificate.Hash),
            ])
            .Subheading(S("Mail_Counts"))
            .Fields(counts)
            .Paragraph(S("Mail_Footnote"))
            .Build(to, S("Mail_Subject", certificate.WorkspaceName));
        var attachment = new EmailAttachment($"deletion-certificate-{certificate.Identifier}.txt", "text/plain; charset=utf-8",
            Encoding.UTF8.GetBytes(certificate.CanonicalText() + "sha256=" + certificate.Hash + "\n"));
        return message with { Attachments = [attachment] };
    }

    [LoggerMessage(LogLevel.Information, "Deleted the data of closed workspace {TenantId}: {Rows} rows")]
    private static partial void LogDeleted(ILogger logger, string tenantId, long rows);

    [LoggerMessage(LogLevel.Error, "Deleting the data of closed workspace {TenantId} failed; the next run starts over")]
    private static partial void LogDeletionFailed(ILogger logger, Exception exception, string tenantId);
}

/// <summary>An Owner the certificate is mailed to, in the language of their profile.</summary>
public sealed record CertificateRecipient(string Email, string Culture);
