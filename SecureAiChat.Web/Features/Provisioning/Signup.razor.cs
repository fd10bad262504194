using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using SecureAiChat.Core.Plans;
using SecureAiChat.Core.Provisioning;
using SecureAiChat.Core.Results;
using SecureAiChat.Core.Tenancy;
using SecureAiChat.Web.Components.Shared;
using SecureAiChat.Web.Hosting;

namespace SecureAiChat.Web.Features.Provisioning;

/// <summary>The signup form: checks the subdomain while typing; the service re-checks everything on submit.</summary>
public sealed partial class Signup : IDisposable
{
    private static readonly TimeSpan CheckDelay = TimeSpan.FromMilliseconds(250);

    private readonly SignupForm _form = new();
    /// <summary>Why the last submission was refused; null before one (or after success).</summary>
    private IReadOnlyList<Problem<SignupProblem>>? _problems;
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
        _problems = _problems?.Where(p => p.Field != nameof(SignupForm.Subdomain)).ToList();
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
            var result = await Service.SubmitAsync(_form, context);
            _problems = result.Succeeded ? null : result.Problems;
            if (result.Value is { } accepted)
            {
                // A full load, not a circuit navigation: only an HTTP response can set the HttpOnly cookie that
                // binds the Owner sign-in offer to this browser (the bind endpoint then redirects to the status page).
                Navigation.NavigateTo($"{SignupBinding.BindPath}?token={Uri.EscapeDataString(accepted.BindingToken)}", forceLoad: true);
                return;
            }
            // Taken (also by a signup that won the race a moment ago): the live check offers free alternatives.
            if (For(nameof(SignupForm.Subdomain)).Any(p => p.Code == SignupProblem.SubdomainTaken))
                _check = await Service.CheckSubdomainAsync(_form.Subdomain);
        }
        finally
        {
            _submitting = false;
        }
    }

    /// <summary>The problems of one form field (its property name), or of the whole form (null).</summary>
    private IEnumerable<Problem<SignupProblem>> For(string? field) => (_problems ?? []).Where(p => p.Field == field);

    private bool HasError(string field) => For(field).Any();

    private string? ErrorText(string field) =>
        For(field).Select(Message).Distinct().ToList() is { Count: > 0 } messages ? string.Join(" ", messages) : null;

    private string? FormProblem => For(null).Select(Message).FirstOrDefault();

    private bool SubdomainError => HasError(nameof(SignupForm.Subdomain)) || _check is { IsValid: false } || _check is { IsValid: true, Available: false };

    private string? SubdomainErrorText =>
        ErrorText(nameof(SignupForm.Subdomain))
        ?? (_check is { Problem: { } problem } ? L.Describe(problem)
            : _check is { Available: false } ? L.Describe(SignupProblem.SubdomainTaken) : null);

    private string SubdomainHelper => L["SubdomainHelp"];

    private IReadOnlyList<string> Suggestions =>
        _check is { IsValid: true, Available: false } ? _check.Suggestions : [];

    /// <summary>
    /// A problem in words (<c>SignupProblem_{Code}</c>): the field's label is the sentence's {0} where it names the field,
    /// the subdomain rule's own sentence inside <c>SubdomainFormat</c>, Identity's sentence (the value) inside
    /// <c>PasswordRule</c>; by hand only for a choice (the plan) and an empty subdomain (the live check's sentence).
    /// </summary>
    private string Message(Problem<SignupProblem> problem) => problem switch
    {
        { Code: SignupProblem.Required, Field: nameof(SignupForm.Plan) } => L["SignupProblem_Required_Choice", Label(problem.Field)],
        { Code: SignupProblem.Required, Field: nameof(SignupForm.Subdomain) } => L.Describe(TenantIdentifierProblem.Empty),
        { Code: SignupProblem.Required or SignupProblem.TooLong } => L.Describe(problem with { Value = Label(problem.Field) }),
        { Code: SignupProblem.SubdomainFormat } => L.Describe(problem with { Value = L.Describe(Enum.Parse<TenantIdentifierProblem>(problem.Value!)) }),
        _ => L.Describe(problem),
    };

    private string Label(string? field) => field switch
    {
        nameof(SignupForm.CompanyName) => L["CompanyName"],
        nameof(SignupForm.Subdomain) => L["Subdomain"],
        nameof(SignupForm.AdminName) => L["AdminName"],
        nameof(SignupForm.AdminEmail) => L["AdminEmail"],
        nameof(SignupForm.Password) => L["Password"],
        nameof(SignupForm.Plan) => L["Plan"],
        _ => "",
    };

    public void Dispose()
    {
        _checkCancellation?.Cancel();
        _checkCancellation?.Dispose();
    }
}
