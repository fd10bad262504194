using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using MudBlazor;
using SecureAiChat.Core.Team;
using SecureAiChat.Core.Tenancy;
using SecureAiChat.Core.Plans;

namespace SecureAiChat.Web.Features.Team;

/// <summary>/settings/members: the list with filters, invitations, roles, deactivation and departments.</summary>
public sealed partial class MembersPage
{

    private IReadOnlyList<MemberView> _members = [];
    private IReadOnlyList<Department> _departments = [];
    private SeatUsage _seats;
    private CurrentMember? _actor;
    private bool _loaded;
    private bool _inviteOpen;
    private string? _search;
    private string _statusFilter = "";
    private string _departmentFilter = "";
    private string? _message;
    private bool _messageIsError;

    [Inject] private MemberService Members { get; set; } = default!;
    [Inject] private InvitationService Invitations { get; set; } = default!;
    [Inject] private DepartmentService DepartmentService { get; set; } = default!;
    [Inject] private PublicUrls Urls { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private IStringLocalizer<TeamStrings> L { get; set; } = default!;

    [CascadingParameter] private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    private string PricingUrl => Urls.Platform("/pricing").ToString();

    private IEnumerable<MemberView> Filtered => _members.Where(m =>
        (string.IsNullOrWhiteSpace(_search) || m.Name.Contains(_search.Trim(), StringComparison.CurrentCultureIgnoreCase) || m.Email.Contains(_search.Trim(), StringComparison.OrdinalIgnoreCase))
        && (_statusFilter.Length == 0 || m.Status.ToString() == _statusFilter)
        && (_departmentFilter.Length == 0 || m.DepartmentId?.ToString() == _departmentFilter));

    protected override async Task OnInitializedAsync()
    {
        _actor = CurrentMember.From((await AuthenticationState).User);
        await ReloadAsync();
        // An admin looking at the list and its roles completes the onboarding step "roles-set".
        if (RendererInfo.IsInteractive) await Members.MarkRolesReviewedAsync();
    }

    private async Task ReloadAsync()
    {
        _members = await Members.ListAsync();
        _departments = await DepartmentService.ListAsync();
        // A deleted department must not stay selected as a filter that matches nobody.
        if (!_departments.Any(d => d.Id.ToString() == _departmentFilter)) _departmentFilter = "";
        _seats = await Invitations.SeatsAsync();
        _loaded = true;
    }

    private async Task InvitedAsync(int count)
    {
        Show(L["Invite_Sent", count]);
        await ReloadAsync();
    }

    private async Task ResendAsync(MemberView row)
    {
        var result = await Invitations.ResendAsync(Guid.Parse(row.Id), _actor!.AsInviter());
        await ReloadAsync();
        Show(result.Succeeded ? L["Invite_Resent", row.Email] : TeamMessages.Describe(L, result.Problems[0], _seats), !result.Succeeded);
    }

    private async Task RevokeAsync(MemberView row)
    {
        await Invitations.RevokeAsync(Guid.Parse(row.Id));
        Show(L["Invite_Revoked", row.Email]);
        await ReloadAsync();
    }

    private async Task ChangeRoleAsync(MemberView row, string role)
    {
        var result = await Members.ChangeRoleAsync(_actor!.UserId, row.Id, role);
        await ReloadAsync();
        Show(result.Succeeded ? L["Role_Changed", row.Email, L["Role_" + role]] : TeamMessages.Describe(L, result.Problems[0], _seats), !result.Succeeded);
    }

    private async Task SetActiveAsync(MemberView row, bool active)
    {
        if (!active)
        {
            var confirmed = await Dialogs.ShowMessageBoxAsync(L["Deactivate_ConfirmTitle"], L["Deactivate_ConfirmBody", row.Email], L["Action_Deactivate"], cancelText: L["Cancel"]);
            if (confirmed != true) return;
        }
        var result = await Members.SetActiveAsync(_actor!.UserId, row.Id, active);
        await ReloadAsync();
        Show(result.Succeeded ? L[active ? "Member_Reactivated" : "Member_Deactivated", row.Email] : TeamMessages.Describe(L, result.Problems[0], _seats), !result.Succeeded);
    }

    private async Task SetDepartmentAsync(MemberView row, string? value)
    {
        await Members.SetDepartmentAsync(row.Id, Guid.TryParse(value, out var id) ? id : null);
        await ReloadAsync();
    }

    private void Show(string message, bool isError = false)
    {
        _message = message;
        _messageIsError = isError;
    }

    private string FormatTime(DateTimeOffset? at, bool isExpiry) => at is { } value
        ? (isExpiry ? L["Invitation_Expires", WorkspaceTime.Format(value)] : WorkspaceTime.Format(value))
        : "—";

    private static Color StatusColor(MemberStatus status) => status switch
    {
        MemberStatus.Active => Color.Success,
        MemberStatus.Invited => Color.Info,
        MemberStatus.InvitationExpired => Color.Warning,
        _ => Color.Default,
    };
}
