using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using SecureAiChat.Core.Provisioning;
using SecureAiChat.Core.Tenancy;

namespace SecureAiChat.Web.Features.Provisioning;

/// <summary>
/// Live provisioning status. The circuit polls the durable request twice a second and re-renders only when
/// something changed, so it works whichever instance runs the job.
/// </summary>
public sealed partial class SignupStatus : IAsyncDisposable
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(400);

    private readonly CancellationTokenSource _stop = new();
    private ProvisioningView? _view;
    private bool _loaded;
    private bool _opening;

    /// <summary>The status id (not the internal request id): shows progress, never signs anyone in by itself.</summary>
    [Parameter] public string Id { get; set; } = "";

    /// <summary>"none" after the offer endpoint refused this browser a sign-in link (not bound, or too late).</summary>
    [SupplyParameterFromQuery(Name = "link")] private string? LinkQuery { get; set; }

    [Inject] private IStringLocalizer<SignupStrings> L { get; set; } = default!;
    [Inject] private ProvisioningStatusReader Reader { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private PublicUrls Urls { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        _view = await Reader.GetAsync(Id);
        _loaded = true;
    }

    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender && RendererInfo.IsInteractive) _ = PollAsync();
    }

    private async Task PollAsync()
    {
        using var timer = new PeriodicTimer(PollInterval);
        try
        {
            while (!IsFinished && await timer.WaitForNextTickAsync(_stop.Token))
            {
                var view = await Reader.GetAsync(Id, _stop.Token);
                if (Changed(_view, view))
                {
                    _view = view;
                    await InvokeAsync(StateHasChanged);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The page was left.
        }
    }

    private bool IsFinished => _view is null ? _loaded : _view.Status is ProvisioningStatus.Succeeded or ProvisioningStatus.Failed;

    private static bool Changed(ProvisioningView? a, ProvisioningView? b) =>
        a is null || b is null || a.Status != b.Status || !a.Steps.SequenceEqual(b.Steps);

    private bool NoLink => LinkQuery == "none";

    /// <summary>
    /// A full load to the offer endpoint: only an HTTP request carries the HttpOnly cookie that proves this is the
    /// browser that signed up (the circuit never sees it).
    /// </summary>
    private void OpenWorkspace()
    {
        _opening = true;
        Navigation.NavigateTo($"{ProvisioningHosting.OfferPath}/{Uri.EscapeDataString(Id)}", forceLoad: true);
    }

    private string Title => _view?.Status switch
    {
        ProvisioningStatus.Succeeded => L["StatusTitleDone"],
        ProvisioningStatus.Failed => L["StatusTitleFailed"],
        null => L["StatusNotFound"],
        _ => L["StatusTitle"],
    };

    private string Lead => _view!.Status switch
    {
        ProvisioningStatus.Succeeded => L["StatusLeadDone", WorkspaceUrl.AbsoluteUri.TrimEnd('/'), _view.AdminEmail],
        ProvisioningStatus.Failed => L["StatusLeadFailed"],
        _ => L["StatusLead", _view.CompanyName],
    };

    private Uri WorkspaceUrl => Urls.Workspace(_view!.Identifier);

    private string SignInUrl => new Uri(WorkspaceUrl, "Account/Login").AbsoluteUri;

    private string StepState(ProvisioningStepView step) => step.Status switch
    {
        StepStatus.Succeeded when step is { StartedAt: { } s, CompletedAt: { } c } =>
            L["StepSucceeded"] + " · " + (c - s).TotalSeconds.ToString("0.0", CultureInfo.CurrentCulture) + "s",
        StepStatus.Succeeded => L["StepSucceeded"],
        StepStatus.Running => L["StepRunning"],
        StepStatus.Failed => L["StepFailed"],
        _ => L["StepPending"],
    };

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _stop.Dispose();
    }
}
