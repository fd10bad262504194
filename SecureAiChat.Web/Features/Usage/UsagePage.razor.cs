using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Localization;
using SecureAiChat.Core.Identity;
using SecureAiChat.Core.Providers.Settings;
using SecureAiChat.Core.Usage;

namespace SecureAiChat.Web.Features.Usage;

/// <summary>利用状況: this month and last month by member and by model with estimated JPY cost; members see their own usage only.</summary>
public sealed partial class UsagePage
{
    [Inject] private UsageReport Report { get; set; } = default!;
    [Inject] private AiSettingsService Settings { get; set; } = default!;
    [Inject] private IStringLocalizer<UsageStrings> L { get; set; } = default!;
    [CascadingParameter] private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    private UsageSummary? _summary;
    private int _monthsBack;
    /// <summary>Whole-workspace view (Owners, Admins, Auditors); members see their own usage.</summary>
    private bool _admin;
    private string? _userId;

    /// <summary>Yen (<c>¥1,234</c>; small amounts to the sen, <c>¥0.42</c>, so light use does not read as free), or a dash when no price is known.</summary>
    internal static string Yen(decimal? yen) => yen switch
    {
        null => "—",
        < 100m and var small => "¥" + small.ToString("N2", CultureInfo.CurrentCulture),
        { } value => "¥" + value.ToString("N0", CultureInfo.CurrentCulture),
    };

    protected override async Task OnInitializedAsync()
    {
        var user = (await AuthenticationState).User;
        _userId = user.FindFirstValue(ClaimTypes.NameIdentifier);
        // Auditors read the whole workspace's usage too, but only an admin's visit ticks the onboarding step.
        _admin = Roles.ReadsWorkspace(user);
        if ((user.IsInRole(Roles.Owner) || user.IsInRole(Roles.Admin)) && RendererInfo.IsInteractive) await Settings.MarkUsageReviewedAsync();
        await ShowAsync(0);
    }

    private async Task ShowAsync(int monthsBack)
    {
        _monthsBack = monthsBack;
        _summary = await Report.GetAsync(monthsBack, _admin ? null : _userId);
    }
}
