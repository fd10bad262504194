using Microsoft.AspNetCore.Identity;
using SecureAiChat.Core.Identity;

namespace SecureAiChat.Web.Components.Account;

/// <summary>Loads the signed-in user on static account pages, or sends the browser to an error page (then returns null).</summary>
public sealed class IdentityUserAccessor(UserManager<AppUser> userManager, IdentityRedirectManager redirectManager)
{
    public async Task<AppUser?> GetRequiredUserAsync(HttpContext context)
    {
        var user = await userManager.GetUserAsync(context.User);
        if (user is null) redirectManager.RedirectToInvalidUser(context);
        return user;
    }
}
