using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using SecureAiChat.Core.Audit;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.PersonalData;
using SecureAiChat.Core.Results;
using SecureAiChat.Core.Tenancy;
using SecureAiChat.Tests.Integration.Team;
using SecureAiChat.Web.Components.Shared;
using SecureAiChat.Web.Features.DataProtection;

namespace SecureAiChat.Tests.Integration.PersonalData;

/// <summary>The stored per-workspace policy: defaults when absent, saved all or nothing, audited without the terms.</summary>
public sealed class PersonalDataPolicyServiceTests(TeamAppHost app) : IClassFixture<TeamAppHost>
{
    private static readonly CultureInfo Japanese = CultureInfo.GetCultureInfo("ja-JP");

    [Fact]
    public async Task A_workspace_without_a_saved_policy_gets_the_defaults()
    {
        var (tenantId, _, _) = await app.WorkspaceAsync("pii-default");

        var policy = await app.InTenantAsync(tenantId, sp => sp.GetRequiredService<PersonalDataPolicyService>().GetAsync());

        Assert.Equal(PersonalDataPolicySettings.DefaultActions, policy.Actions);
        Assert.Empty(policy.CustomTerms);
    }

    [Fact]
    public async Task A_saved_policy_is_read_back_and_the_change_is_audited_without_the_terms()
    {
        var (tenantId, _, _) = await app.WorkspaceAsync("pii-save");
        var actions = new Dictionary<PersonalDataCategory, PersonalDataAction> { [PersonalDataCategory.Phone] = PersonalDataAction.Mask };

        var saved = await app.InTenantAsync(tenantId, sp => sp.GetRequiredService<PersonalDataPolicyService>()
            .SaveAsync(new PersonalDataPolicyInput(actions, [new CustomTerm(" 社外秘 "), new CustomTerm("社外秘"), new CustomTerm(@"PRJ-\d{4}", IsPattern: true)])));

        Assert.True(saved.Succeeded, saved.ToString());
        var policy = await app.InTenantAsync(tenantId, sp => sp.GetRequiredService<PersonalDataPolicyService>().GetAsync());
        Assert.Equal(PersonalDataAction.Mask, policy.ActionFor(PersonalDataCategory.Phone));
        Assert.Equal(PersonalDataAction.Mask, policy.ActionFor(PersonalDataCategory.MyNumber));
        Assert.Equal([new CustomTerm("社外秘"), new CustomTerm(@"PRJ-\d{4}", true)], policy.CustomTerms);
        var entry = await app.InTenantAsync(tenantId, sp => sp.GetRequiredService<AppDbContext>().AuditEntries
            .SingleAsync(e => e.Action == AuditActions.DataProtectionChanged));
        Assert.Contains("Phone", entry.Details, StringComparison.Ordinal);
        Assert.DoesNotContain("社外秘", entry.Details, StringComparison.Ordinal);
        Assert.DoesNotContain("PRJ", entry.Details, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("(unclosed", "正規表現として使えません")]
    [InlineData("a*", "空の文字列にも一致")]
    [InlineData("(a+)+$", "正規表現として使えません")]
    [InlineData("   ", "空です")]
    public async Task An_invalid_custom_term_is_reported_in_Japanese_and_nothing_is_saved(string value, string expected)
    {
        var (tenantId, _, _) = await app.WorkspaceAsync("pii-bad");
        var actions = new Dictionary<PersonalDataCategory, PersonalDataAction> { [PersonalDataCategory.Email] = PersonalDataAction.Block };

        var refused = await app.InTenantAsync(tenantId, sp => sp.GetRequiredService<PersonalDataPolicyService>()
            .SaveAsync(new PersonalDataPolicyInput(actions, [new CustomTerm("社外秘"), new CustomTerm(value, IsPattern: true)])));

        var problem = Assert.Single(refused.Problems);
        Assert.Equal(2, problem.Line);
        var text = Word(problem, Japanese);
        Assert.Contains(expected, text, StringComparison.Ordinal);
        Assert.Contains("2 行目", text, StringComparison.Ordinal);
        var (rows, entries) = await app.InTenantAsync(tenantId, async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            return (await db.PersonalDataPolicies.CountAsync(), await db.AuditEntries.CountAsync(e => e.Action == AuditActions.DataProtectionChanged));
        });
        Assert.Equal((0, 0), (rows, entries));
    }

    [Fact]
    public void The_problem_is_reported_in_English_for_an_English_admin()
    {
        var problems = PersonalDataPolicyService.Validate([new CustomTerm("[x", IsPattern: true)]);

        Assert.Equal(new Problem<PersonalDataPolicyProblem>(PersonalDataPolicyProblem.InvalidPattern, "[x", 1), Assert.Single(problems));
        Assert.Equal("Pattern 1 (\"[x\") cannot be used: it is not a valid regular expression or takes too long to match.",
            Word(problems[0], CultureInfo.GetCultureInfo("en-US")));
    }

    [Fact]
    public async Task An_action_the_category_does_not_offer_is_refused_naming_both()
    {
        var (tenantId, _, _) = await app.WorkspaceAsync("pii-forged");
        var actions = new Dictionary<PersonalDataCategory, PersonalDataAction> { [PersonalDataCategory.MyNumber] = PersonalDataAction.Off };

        var refused = await app.InTenantAsync(tenantId, sp => sp.GetRequiredService<PersonalDataPolicyService>().SaveAsync(new PersonalDataPolicyInput(actions, [])));

        Assert.Equal(new Problem<PersonalDataPolicyProblem>(PersonalDataPolicyProblem.ActionNotAllowed, "MyNumber/Off"), Assert.Single(refused.Problems));
        Assert.Equal(0, await app.InTenantAsync(tenantId, sp => sp.GetRequiredService<AppDbContext>().PersonalDataPolicies.CountAsync()));
    }

    /// <summary>The sentence the data-protection page shows for <paramref name="problem"/> to a reader of <paramref name="culture"/>.</summary>
    private string Word(Problem<PersonalDataPolicyProblem> problem, CultureInfo culture)
    {
        var before = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = culture;
        try
        {
            return app.Services.GetRequiredService<IStringLocalizer<DataProtectionStrings>>().Describe(problem);
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }
}

/// <summary>
/// The policy the answer path applies is cached per workspace (it is read before every message): a change saved on
/// this instance applies to the very next message, one saved by another instance once the change poll has seen it.
/// </summary>
public sealed class PersonalDataPolicyCacheTests(TeamAppHost app) : IClassFixture<TeamAppHost>
{
    private static readonly Dictionary<PersonalDataCategory, PersonalDataAction> PhoneMasked = new() { [PersonalDataCategory.Phone] = PersonalDataAction.Mask };

    private Task<PersonalDataPolicySettings> ForMessagesAsync(string tenantId) =>
        app.InTenantAsync(tenantId, sp => sp.GetRequiredService<PersonalDataPolicyService>().ForMessagesAsync(tenantId).AsTask());

    [Fact]
    public async Task A_policy_saved_on_this_instance_applies_to_the_next_message()
    {
        var (tenantId, _, _) = await app.WorkspaceAsync("pii-cache-here");
        Assert.Equal(PersonalDataAction.Off, (await ForMessagesAsync(tenantId)).ActionFor(PersonalDataCategory.Phone)); // cached now

        var saved = await app.InTenantAsync(tenantId, sp => sp.GetRequiredService<PersonalDataPolicyService>()
            .SaveAsync(new PersonalDataPolicyInput(PhoneMasked, [])));

        Assert.True(saved.Succeeded, saved.ToString());
        Assert.Equal(PersonalDataAction.Mask, (await ForMessagesAsync(tenantId)).ActionFor(PersonalDataCategory.Phone));
    }

    [Fact]
    public async Task A_policy_saved_by_another_instance_applies_once_the_change_poll_saw_it()
    {
        var (tenantId, _, _) = await app.WorkspaceAsync("pii-cache-there");
        Assert.Equal(PersonalDataAction.Off, (await ForMessagesAsync(tenantId)).ActionFor(PersonalDataCategory.Phone));

        await app.OtherInstanceDbAsync(tenantId, async db =>
        {
            db.PersonalDataPolicies.Add(new PersonalDataPolicy { Actions = """{"Phone":"Mask"}""", UpdatedAt = DateTimeOffset.UtcNow });
            return await db.SaveChangesAsync();
        });
        await app.Services.GetRequiredService<TenantChangeWatcher>().PollAsync();

        Assert.Equal(PersonalDataAction.Mask, (await ForMessagesAsync(tenantId)).ActionFor(PersonalDataCategory.Phone));
    }
}
