using System.Globalization;
using Microsoft.AspNetCore.Identity;

namespace SecureAiChat.Core.Identity;

/// <summary>The active people of a role with an address, as mail recipients, and the language each is written to.</summary>
public static class ActiveUsers
{
    public static async Task<List<AppUser>> InRoleAsync(UserManager<AppUser> users, string role) =>
        (await users.GetUsersInRoleAsync(role)).Where(u => u.IsActive && !string.IsNullOrEmpty(u.Email)).ToList();

    public static CultureInfo CultureOf(AppUser user) =>
        CultureInfo.GetCultureInfo(string.IsNullOrEmpty(user.Culture) ? "ja-JP" : user.Culture);
}
