using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Email;
using SecureAiChat.Core.Identity;

namespace SecureAiChat.Core.Operations;

/// <summary>An Owner of a workspace as a mail recipient: the address and the language the mail is written in.</summary>
public sealed record WorkspaceOwner(string Email, CultureInfo Culture);

/// <summary>
/// Mails a workspace's active Owners about something done to their contract or workspace (a plan change, a suspension),
/// each in their own language. Sent after the change is saved: a mail that cannot be handed over is logged and does not
/// undo the change.
/// </summary>
public sealed partial class OwnerMail(IEmailSender email, ILogger<OwnerMail> logger)
{
    private static readonly string[] TenantFilterOnly = [TenantFilter.Name];

    /// <summary>The workspace's active Owners (works from the platform scope: the tenant is named, the filter lifted).</summary>
    public static async Task<IReadOnlyList<WorkspaceOwner>> OwnersAsync(AppDbContext db, string tenantId, string defaultCulture, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var ownerRole = await db.Roles.Where(r => r.Name == Roles.Owner).Select(r => r.Id).SingleAsync(cancellationToken);
        var owners = await db.Users.IgnoreQueryFilters([TenantFilter.Name]).AsNoTracking()
            .Where(u => u.TenantId == tenantId && u.IsActive && u.Email != null
                && db.UserRoles.IgnoreQueryFilters(TenantFilterOnly).Any(r => r.TenantId == tenantId && r.UserId == u.Id && r.RoleId == ownerRole))
            .OrderBy(u => u.Email)
            .Select(u => new { u.Email, u.Culture })
            .ToListAsync(cancellationToken);
        return owners.Select(o => new WorkspaceOwner(o.Email!, CultureInfo.GetCultureInfo(string.IsNullOrEmpty(o.Culture) ? defaultCulture : o.Culture))).ToList();
    }

    /// <summary>Sends each Owner their message; returns how many were handed over.</summary>
    public async Task<int> SendAsync(IEnumerable<WorkspaceOwner> owners, Func<WorkspaceOwner, EmailMessage> message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(owners);
        ArgumentNullException.ThrowIfNull(message);
        var sent = 0;
        foreach (var owner in owners)
        {
            try
            {
                await email.SendAsync(message(owner), cancellationToken);
                sent++;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogMailFailed(logger, ex);
            }
        }
        return sent;
    }

    [LoggerMessage(LogLevel.Warning, "A mail to a workspace Owner about an operator action could not be handed over")]
    private static partial void LogMailFailed(ILogger logger, Exception exception);
}
