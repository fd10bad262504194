using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using SecureAiChat.Core.Plans;
using SecureAiChat.Core.Results;
using SecureAiChat.Web.Components.Shared;
using SecureAiChat.Core.Tenancy;
using SecureAiChat.Web.Features.Provisioning;
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
    [Inject] private PlanSelfService SelfService { get; set; } = default!;
    [Inject] private TimeProvider Time { get; set; } = default!;
    [CascadingParameter] private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    private PlanOverview? _overview;
    private SelfServicePlan? _self;
    private bool _isOwner;
    private bool _busy;
    private string? _message;
    private Severity _messageSeverity;

    private DateTimeOffset Now => Time.GetUtcNow();

    protected override async Task OnInitializedAsync()
    {
        // No cascaded state (a component test without authentication): nobody may change the plan.
        _isOwner = AuthenticationState is not null && PlanSelfService.MayChange((await AuthenticationState).User);
        await LoadAsync();
        // Opening the page is the onboarding step "review-plan"; counted once the circuit is live, as the usage page does.
        if (RendererInfo.IsInteractive) await Plans.MarkReviewedAsync();
    }

    private async Task LoadAsync()
    {
        _overview = await Plans.GetAsync();
        _self = await SelfService.GetAsync();
    }

    /// <summary>A date as the Owner reads it: the billing period starts at midnight in Tokyo.</summary>
    private static string Day(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, WorkspaceTime.Tokyo).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private Task UpgradeAsync() => RunAsync(SelfService.UpgradeAsync, _ => L["Change_Upgraded"]);

    private Task DowngradeAsync() => RunAsync(SelfService.ScheduleDowngradeAsync, r => L["Change_Scheduled", Day(r.EffectiveAt)]);

    private Task CancelAsync() => RunAsync(SelfService.CancelDowngradeAsync, _ => L["Change_Cancelled"]);

    private async Task RunAsync(Func<System.Security.Claims.ClaimsPrincipal, CancellationToken, Task<Result<PlanChange, PlanChangeRefusal>>> change, Func<PlanChange, string> done)
    {
        _busy = true;
        try
        {
            var result = await change((await AuthenticationState).User, CancellationToken.None);
            (_message, _messageSeverity) = result.Succeeded
                ? (done(result.Value!), Severity.Success)
                : (Describe(result.Problems[0]), result.Code is PlanChangeRefusal.TooManySeats or PlanChangeRefusal.NotOwner ? Severity.Error : Severity.Warning);
            await LoadAsync();
        }
        finally
        {
            _busy = false;
        }
    }

    /// <summary>TooManySeats also names Starter's seats, which the problem (the seats to remove) does not hold.</summary>
    private string Describe(Problem<PlanChangeRefusal> problem) => problem.Code == PlanChangeRefusal.TooManySeats
        ? L[ProblemText.Key(problem.Code), PlanCatalog.Find(PlanCode.Starter).Seats!, problem.Value ?? ""]
        : L.Describe(problem);

    /// <summary>The platform page where the plan is changed: pricing for self-service plans, else contact sales with the plan chosen.</summary>
    private string ChangeUrl(PlanAdvice advice)
    {
        var path = advice.ChangeRoute == PlanChangeRoute.PricingPage ? "/pricing" : $"/contact?plan={advice.ChangeTo.Code}";
        return Urls.Platform(path).ToString();
    }
}
