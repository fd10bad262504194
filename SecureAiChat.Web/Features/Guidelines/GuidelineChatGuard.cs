using Microsoft.AspNetCore.Components;

namespace SecureAiChat.Web.Features.Guidelines;

/// <summary>
/// Stands before the chat: someone who has not accepted the current guideline version (ChatEligibility says
/// <c>GuidelinePending</c>) is sent to read it and comes back after accepting. Works while prerendering (an HTTP
/// redirect) and in a live circuit.
/// </summary>
public sealed class GuidelineChatGuard(NavigationManager navigation)
{
    public void RedirectToGuideline()
    {
        var back = "/" + navigation.ToBaseRelativePath(navigation.Uri);
        navigation.NavigateTo("/guidelines?returnUrl=" + Uri.EscapeDataString(back));
    }
}
