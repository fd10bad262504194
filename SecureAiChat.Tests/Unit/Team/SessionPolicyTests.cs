using SecureAiChat.Core.Audit;
using SecureAiChat.Core.Security;

namespace SecureAiChat.Tests.Unit.Team;

public sealed class SessionPolicyTests
{
    private static readonly DateTimeOffset Now = new(2026, 4, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_session_is_idle_only_past_the_workspace_limit()
    {
        Assert.False(SessionPolicy.IsIdle(Now.AddMinutes(-30), Now, 30));
        Assert.True(SessionPolicy.IsIdle(Now.AddMinutes(-31), Now, 30));
        Assert.False(SessionPolicy.IsIdle(Now.AddDays(-3), Now, 0)); // no limit set
    }

    [Theory]
    [InlineData(TwoFactorRequirement.None, true, false, false, false)]
    [InlineData(TwoFactorRequirement.Admins, true, false, false, true)]
    [InlineData(TwoFactorRequirement.Admins, false, false, false, false)]
    [InlineData(TwoFactorRequirement.Everyone, false, false, false, true)]
    [InlineData(TwoFactorRequirement.Everyone, false, true, false, false)]
    [InlineData(TwoFactorRequirement.Everyone, true, false, true, false)]
    public void Two_factor_setup_is_required_by_the_setting(TwoFactorRequirement requirement, bool isAdmin, bool hasTwoFactor, bool viaSso, bool expected) =>
        Assert.Equal(expected, SessionPolicy.MustSetUpTwoFactor(requirement, isAdmin, hasTwoFactor, viaSso));

    [Fact]
    public void Allowed_domains_limit_invitations_when_set()
    {
        Assert.True(new SecuritySettings().AllowsEmail("anyone@gmail.com"));
        var settings = new SecuritySettings { AllowedEmailDomains = "example.co.jp, example.jp" };
        Assert.True(settings.AllowsEmail("a@Example.JP"));
        Assert.False(settings.AllowsEmail("a@gmail.com"));
        Assert.False(settings.AllowsEmail("a@sub.example.jp"));
    }

    [Fact]
    public void A_settings_change_log_has_one_row_per_changed_value()
    {
        var before = new Dictionary<string, string?> { ["A"] = "1", ["B"] = "x" };
        var after = new Dictionary<string, string?> { ["A"] = "2", ["B"] = "x" };
        var change = Assert.Single(SettingsChange.Diff("security", before, after, "u1", "admin@example.jp", Now));
        Assert.Equal(("A", "1", "2", "u1", Now), (change.Setting, change.OldValue, change.NewValue, change.ChangedByUserId, change.ChangedAt));
    }
}
