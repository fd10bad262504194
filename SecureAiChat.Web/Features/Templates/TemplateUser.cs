using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using SecureAiChat.Core.Identity;
using SecureAiChat.Core.Templates;

namespace SecureAiChat.Web.Features.Templates;

/// <summary>Turns the signed-in principal into the library's idea of who is asking.</summary>
public static class TemplateUser
{
    public static async Task<PromptTemplateUser> FromAsync(Task<AuthenticationState> state)
    {
        var user = (await state).User;
        return new PromptTemplateUser(user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "", user.IsInRole(Roles.Owner) || user.IsInRole(Roles.Admin));
    }
}
