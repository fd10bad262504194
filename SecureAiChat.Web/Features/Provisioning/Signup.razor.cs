using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using SecureAiChat.Core.Plans;
using SecureAiChat.Core.Provisioning;
using SecureAiChat.Core.Tenancy;
using SecureAiChat.Web.Components.Shared;
using SecureAiChat.Web.Hosting;

namespace SecureAiChat.Web.Features.Provisioning;

/// <summary>The signup form: checks the subdomain while typing; the service re-checks everything on submit.</summary>
public sealed partial class Signup : IDisposable
{
    private static readonly TimeSpan CheckDelay = TimeSpan.FromMilliseconds(250);

    private readonly SignupForm _form = new();
    private SignupResult? _result;
    private SubdomainCheck? _check;
    private bool _checking;
    private bool _submitting;
    private bool _showPassword;
    private CancellationTokenSource? _checkCancellation;

    [Inject] private IStringLocalizer<SignupStrings> L { get; set; } = default!;
    [Inject] private SignupService Service { get; set; } = default!;
    [Inject] private ClientAddress Client { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private IOptions<TenancyOptions> Tenancy { get; set; } = default!;

    [SupplyParameterFromQuery(Name = "plan")] private string? PlanQuery { get; set; }

    protected override void OnInitialized()
    {
        if (PlanCatalog.TryFind(PlanQuery, out var plan) && plan.SignupMode == SignupMode.SelfService) _form.Plan = plan.Code.ToString();
    }

    private string HostSuffix
    {
        get
        {
            var port = new Uri(Navigation.BaseUri).Port;
            var defaultPort = port is 80 or 443;
            return "." + Tenancy.Value.RootDomain + (defaultPort ? "" : ":" + port.ToString(CultureInfo.InvariantCulture));
        }
    }

    private async Task OnSubdomainChangedAsync(string? value)
    {
        _form.Subdomain = value;
        _result = _result is null ? null : new SignupResult { Problems = _result.Problems.Where(p => p.Field != SignupField.Subdomain).ToList() };
        if (_checkCancellation is not null) await _checkCancellation.CancelAsync();
        _checkCancellation?.Dispose();
        _checkCancellation = new CancellationTokenSource();
        var token = _checkCancellation.Token;

        if (string.IsNullOrWhiteSpace(value))
        {
            _check = null;
            return;
        }
        if (TenantIdentifier.Validate(value).Code is { } problem)
        {
            _check = new SubdomainCheck(TenantIdentifier.Normalize(value), problem, false, []);
            return;
        }
        _checking = true;
        try
        {
            // Debounced here rather than by the field, so the form always holds what was typed (a re-render
            // caused by another field must not hand the subdomain field an older value).
            await Task.Delay(CheckDelay, token);
            var check = await Service.CheckSubdomainAsync(value, token);
            if (!token.IsCancellationRequested) _check = check;
        }
        catch (OperationCanceledException)
        {
            // A newer keystroke replaced this check.
        }
        finally
        {
            if (!token.IsCancellationRequested) _checking = false;
        }
    }

    private async Task SubmitAsync()
    {
        if (_submitting) return;
        _submitting = true;
        try
        {
            var context = new SignupContext(Client.Value, CultureInfo.CurrentUICulture.Name, Navigation.BaseUri);
            _result = await Service.SubmitAsync(_form, context);
            if (_result.Succeeded)
            {
                // A full load, not a circuit navigation: only an HTTP response can set the HttpOnly cookie that
                // binds the Owner sign-in offer to this browser (the bind endpoint then redirects to the status page).
                Navigation.NavigateTo($"{SignupBinding.BindPath}?token={Uri.EscapeDataString(_result.BindingToken!)}", forceLoad: true);
                return;
            }
            if (_result.For(SignupField.Subdomain).Any(p => p.Code == SignupErrorCode.SubdomainTaken))
                _check = new SubdomainCheck(TenantIdentifier.Normalize(_form.Subdomain), null, false, _result.Suggestions);
        }
        finally
        {
            _submitting = false;
        }
    }

    private bool HasError(SignupField field) => _result?.For(field).Any() == true;

    private string? ErrorText(SignupField field) =>
        _result?.For(field).Select(Message).Distinct().ToList() is { Count: > 0 } messages ? string.Join(" ", messages) : null;

    private string? FormProblem => _result?.For(SignupField.Form).Select(Message).FirstOrDefault();

    private bool SubdomainError => HasError(SignupField.Subdomain) || _check is { IsValid: false } || _check is { IsValid: true, Available: false };

    private string? SubdomainErrorText =>
        ErrorText(SignupField.Subdomain)
        ?? (_check is { Problem: { } problem } ? L.Describe(problem)
            : _check is { Available: false } ? L["SubdomainTaken"].Value : null);

    private string SubdomainHelper => L["SubdomainHelp"];

    private IReadOnlyList<string> Suggestions =>
        _check is { IsValid: true, Available: false } ? _check.Suggestions : _result?.Suggestions ?? [];

    private string Message(SignupProblem problem) => problem.Code switch
    {
        SignupErrorCode.Required when problem.Field == SignupField.Plan => L["Error_RequiredChoice", Label(problem.Field)],
        SignupErrorCode.Required when problem.Field == SignupField.Subdomain => L.Describe(TenantIdentifierProblem.Empty),
        SignupErrorCode.Required => L["Error_Required", Label(problem.Field)],
        SignupErrorCode.TooLong => L["Error_TooLong", Label(problem.Field)],
        SignupErrorCode.SubdomainFormat => L[ProblemText.Key(Enum.Parse<TenantIdentifierProblem>(problem.Detail!))],
        SignupErrorCode.SubdomainTaken => L["SubdomainTaken"],
        SignupErrorCode.EmailInvalid => L["Error_EmailInvalid"],
        SignupErrorCode.PasswordRule => problem.Detail ?? "",
        SignupErrorCode.PlanNotSelfService => L["Error_PlanNotSelfService"],
        SignupErrorCode.TermsNotAccepted => L["Error_TermsNotAccepted"],
        SignupErrorCode.RateLimited => L["Error_RateLimited"],
        _ => L["Error_Rejected"],
    };

    private string Label(SignupField field) => field switch
    {
        SignupField.CompanyName => L["CompanyName"],
        SignupField.Subdomain => L["Subdomain"],
        SignupField.AdminName => L["AdminName"],
        SignupField.AdminEmail => L["AdminEmail"],
        SignupField.Password => L["Password"],
        SignupField.Plan => L["Plan"],
        _ => "",
    };

    public void Dispose()
    {
        _checkCancellation?.Cancel();
        _checkCancellation?.Dispose();
    }
}
