using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Localization;
using SecureAiChat.Core.Plans;
using SecureAiChat.Core.Providers;
using SecureAiChat.Core.Providers.Security;
using SecureAiChat.Core.Providers.Settings;
using SecureAiChat.Core.Settings;
using SecureAiChat.Core.Tenancy;
using SecureAiChat.Core.Results;
using SecureAiChat.Core.Usage;
using SecureAiChat.Web.Components.Shared;
using SecureAiChat.Web.Features.Usage;

namespace SecureAiChat.Web.Features.Providers;

/// <summary>
/// AI設定: the four provider options, one active at a time. Saving an option that was not tested successfully
/// (as it is now, keys included) needs an explicit confirmation. Typed keys are dropped from the circuit as soon
/// as they are saved; stored keys come back only as masks.
/// </summary>
public sealed partial class AiSettingsPage
{
    private static readonly AiProviderChoice[] Choices =
        [AiProviderChoice.SystemDefault, AiProviderChoice.OwnOpenAIKey, AiProviderChoice.AzureOpenAI, AiProviderChoice.OpenAICompatible];

    [Inject] private AiSettingsService Settings { get; set; } = default!;
    [Inject] private TenantChatClientFactory Models { get; set; } = default!;
    [Inject] private TokenAllowance Allowance { get; set; } = default!;
    [Inject] private IMultiTenantContextAccessor<AppTenantInfo> Tenant { get; set; } = default!;
    [Inject] private IStringLocalizer<AiSettingsStrings> L { get; set; } = default!;
    [Inject] private IStringLocalizer<UsageStrings> UsageL { get; set; } = default!;
    [CascadingParameter] private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    private AiSettingsForm? _form;
    private AiKeyMasks _masks = new(null, null, null);
    private AiProviderChoice _saved;
    private AllowanceStatus? _system;
    private IReadOnlyList<Problem<AiSettingsProblem>> _problems = [];
    private TestAnswer? _test;
    private string? _testedFingerprint;
    private string? _message;
    private bool _confirming;
    private bool _busy;
    private SecretKeyField? _openAiKey;
    private SecretKeyField? _azureKey;
    private SecretKeyField? _compatibleKey;

    private string PlanName => PlanCatalog.TryFind(Tenant.MultiTenantContext.TenantInfo?.Plan, out var plan) ? plan.Code.ToString() : "";

    protected override async Task OnInitializedAsync() => await LoadAsync();

    private async Task LoadAsync()
    {
        (_form, _masks) = await Settings.LoadAsync();
        _saved = _form.Active;
        _system = await Allowance.GetSystemDefaultStatusAsync();
        await Models.RefreshAsync();
    }

    private void Choose(AiProviderChoice choice)
    {
        _form!.Active = choice;
        _problems = [];
        _test = null;
        _message = null;
        _confirming = false;
    }

    private async Task TestAsync()
    {
        _busy = true;
        _message = null;
        _confirming = false;
        try
        {
            var tested = await Settings.TestAsync(_form!);
            // The fields' problems go under their fields; a connection the endpoint policy refused is the test's answer.
            _problems = [.. tested.Problems.Where(p => p.Code != AiSettingsProblem.EndpointBlocked)];
            _test = Answer(tested);
            _testedFingerprint = tested.Value?.Succeeded == true ? Fingerprint(_form!) : null;
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task SaveAsync(bool confirmed)
    {
        _message = null;
        var untested = _form!.Active != AiProviderChoice.SystemDefault && _testedFingerprint != Fingerprint(_form);
        if (untested && !confirmed)
        {
            _problems = (await Settings.ValidateAsync(_form)).Problems;
            _confirming = _problems.Count == 0;
            return;
        }

        _busy = true;
        try
        {
            var user = (await AuthenticationState).User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "";
            _problems = (await Settings.SaveAsync(_form, user)).Problems;
            _confirming = false;
            if (_problems.Count > 0) return;

            // The typed keys are saved (encrypted); they must not stay in the circuit's memory.
            _form.ClearNewKeys();
            _testedFingerprint = null;
            foreach (var field in new[] { _openAiKey, _azureKey, _compatibleKey }) field?.Reset();
            await LoadAsync();
            _message = L["Saved"];
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task RemoveKeyAsync(AiProviderChoice choice)
    {
        _message = null;
        _problems = (await Settings.RemoveKeyAsync(choice)).Problems;
        if (_problems.Count > 0) return;
        var active = _form!.Active;
        await LoadAsync();
        _form.Active = active;
        _message = L["KeyRemoved"];
    }

    private bool Has(string field) => _problems.Any(p => p.Field == field);

    private string? ErrorText(string field) => _problems.FirstOrDefault(p => p.Field == field) is { } problem ? Describe(problem) : null;

    /// <summary>A problem's sentence; an endpoint refusal names the policy's reason, worded here too.</summary>
    private string Describe(Problem<AiSettingsProblem> problem) => L.Describe(problem with { Value = Reason(problem) ?? problem.Value });

    /// <summary>The endpoint policy's sentence for a refused or blocked endpoint (the problem's value is the reason).</summary>
    private string? Reason(Problem<AiSettingsProblem> problem) =>
        problem.Code is AiSettingsProblem.EndpointRefused or AiSettingsProblem.EndpointBlocked && Enum.TryParse<EndpointRejectionReason>(problem.Value, out var reason)
            ? L.Describe(reason)
            : null;

    /// <summary>
    /// What the test box says: the upstream's answer, or, for a refused test, that the fields need checking or that the
    /// endpoint policy refused the connection (with its reason as the detail).
    /// </summary>
    private TestAnswer Answer(Result<ConnectionTest, AiSettingsProblem> tested)
    {
        if (tested.Value is { } test)
        {
            return new(test.Outcome.ToString(), test.Succeeded, L[$"Test_{test.Outcome}"], test.StatusCode, test.Detail);
        }

        return tested.Problems.FirstOrDefault(p => p.Code == AiSettingsProblem.EndpointBlocked) is { } blocked
            ? new("Blocked", false, L.Describe(blocked.Code), null, Reason(blocked))
            : new("Invalid", false, L["Test_Invalid"], null, null);
    }

    private sealed record TestAnswer(string Outcome, bool Succeeded, string Text, int? StatusCode, string? Detail);

    /// <summary>What was tested: every field of the active option, the typed key only as a hash (never kept in clear).</summary>
    private static string Fingerprint(AiSettingsForm f)
    {
        var text = string.Join('\u001f', f.Active, f.MonthlyTokenCap, f.OpenAiOrganization, f.OpenAiProject, f.OpenAiBaseUrl, f.OpenAiModels, f.OpenAiDefaultModel,
            f.AzureEndpoint, f.AzureDeployments, f.AzureApiVersion, f.CompatibleBaseUrl, f.CompatibleModels, f.NewKeyFor(f.Active));
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }
}
