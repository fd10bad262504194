using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using SecureAiChat.Core.Plans;
using SecureAiChat.Core.Tenancy;
using SecureAiChat.Web.Features.Signup;
using SecureAiChat.Web.Features.Usage;

namespace SecureAiChat.Web.Features.Plans;

/// <summary>/settings/plan (プランと契約): the current plan, seats and tokens against it, the recommendation and where to change it.</summary>
public sealed partial class PlanPage
{
    [Inject] private PlanReviewService Plans { get; set; } = default!;
    [Inject] private PublicUrls Urls { get; set; } = default!;
    [Inject] private IStringLocalizer<PlanPageStrings> L { get; set; } = default!;
    [Inject] private IStringLocalizer<SignupStrings> SignupL { get; set; } = default!;
    [Inject] private IStringLocalizer<UsageStrings> UsageL { get; set; } = default!;

    private PlanOverview? _overview;

    protected override async Task OnInitializedAsync()
    {
        _overview = await Plans.GetAsync();
        // Opening the page is the onboarding step "review-plan"; counted once the circuit is live, as the usage page does.
        if (RendererInfo.IsInteractive) await Plans.MarkReviewedAsync();
    }

    /// <summary>The platform page where the plan is changed: pricing for self-service plans, else contact sales with the plan chosen.</summary>
    private string ChangeUrl(PlanAdvice advice)
    {
        var path = advice.ChangeRoute == PlanChangeRoute.PricingPage ? "/pricing" : $"/contact?plan={advice.ChangeTo.Code}";
        return Urls.Platform(path).ToString();
    }
}
