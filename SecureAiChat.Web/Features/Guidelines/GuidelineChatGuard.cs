using Microsoft.AspNetCore.Components;
using SecureAiChat.Core.Guidelines;

namespace SecureAiChat.Web.Features.Guidelines;

/// <summary>
/// Stands before the chat: someone who has not accepted the current guideline version is sent to read it
/// (and comes back after accepting). Works while prerendering (an HTTP redirect) and in a live circuit.
/// </summary>
public sealed class GuidelineChatGuard(GuidelineService guidelines, NavigationManager navigation)
{
    /// <summary>True when the person was sent to the guideline; the caller stops loading the chat.</summary>
    public async Task<bool> RedirectUnlessAcceptedAsync(string userId)
    {
        if (await guidelines.PendingVersionAsync(userId) is null) return false;
        var back = "/" + navigation.ToBaseRelativePath(navigation.Uri);
        navigation.NavigateTo("/guidelines?returnUrl=" + Uri.EscapeDataString(back));
        return true;
    }
}
