using System.Globalization;
using System.Security.Claims;
using SecureAiChat.Core.Identity;
using SecureAiChat.Core.Team;

namespace SecureAiChat.Web.Features.Team;

/// <summary>The signed-in admin acting on the team pages, read from the circuit's authentication state.</summary>
public sealed record CurrentMember(string UserId, string Name, string Email)
{
    public static CurrentMember From(ClaimsPrincipal user) => new(
        user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "",
        user.FindFirstValue(AppClaimTypes.DisplayName) ?? "",
        user.FindFirstValue(ClaimTypes.Email) ?? "");

    public Inviter AsInviter() => new(UserId, Name, CultureInfo.CurrentUICulture);
}
