using Microsoft.AspNetCore.Identity;
using SecureAiChat.Core.Audit;

namespace SecureAiChat.Core.Identity;

/// <summary>The audit jobs' recipients from the scope's user store: active people of the role with an address.</summary>
public sealed class AuditRecipients(UserManager<AppUser> users) : IAuditRecipients
{
    public Task<IReadOnlyList<AuditRecipient>> OperatorsAsync() => InRoleAsync(Roles.Operator);

    public Task<IReadOnlyList<AuditRecipient>> OwnersAsync() => InRoleAsync(Roles.Owner);

    private async Task<IReadOnlyList<AuditRecipient>> InRoleAsync(string role) =>
        (await ActiveUsers.InRoleAsync(users, role)).Select(u => new AuditRecipient(u.Email!, ActiveUsers.CultureOf(u))).ToList();
}
