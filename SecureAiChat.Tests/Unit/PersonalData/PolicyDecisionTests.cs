using SecureAiChat.Core.PersonalData;

namespace SecureAiChat.Tests.Unit.PersonalData;

public sealed class PolicyDecisionTests
{
    private readonly PersonalDataScanner _scanner = new();

    [Fact]
    public void Defaults_follow_the_issue()
    {
        var defaults = PersonalDataPolicySettings.Default;

        Assert.Equal(PersonalDataAction.Mask, defaults.ActionFor(PersonalDataCategory.MyNumber));
        Assert.Equal(PersonalDataAction.Mask, defaults.ActionFor(PersonalDataCategory.PaymentCard));
        Assert.Equal(PersonalDataAction.Warn, defaults.ActionFor(PersonalDataCategory.BankAccount));
        Assert.Equal(PersonalDataAction.Warn, defaults.ActionFor(PersonalDataCategory.Passport));
        Assert.Equal(PersonalDataAction.Warn, defaults.ActionFor(PersonalDataCategory.DriversLicence));
        Assert.Equal(PersonalDataAction.Off, defaults.ActionFor(PersonalDataCategory.Phone));
        Assert.Equal(PersonalDataAction.Off, defaults.ActionFor(PersonalDataCategory.Email));
        Assert.Equal(PersonalDataAction.Off, defaults.ActionFor(PersonalDataCategory.Address));
        Assert.Equal(PersonalDataAction.Off, defaults.ActionFor(PersonalDataCategory.PersonName));
        Assert.Equal(PersonalDataAction.Block, defaults.ActionFor(PersonalDataCategory.CustomTerm));
        Assert.Equal(PersonalDataAction.Off, defaults.ActionFor(PersonalDataCategory.CorporateNumber));
        Assert.Equal(Enum.GetValues<PersonalDataCategory>().Length, defaults.Actions.Count);
    }

    [Fact]
    public void Plain_text_is_sent_as_it_is()
    {
        var decision = _scanner.Decide("来週の会議資料を作ってください。売上は1,234,567円です。", PersonalDataPolicySettings.Default);

        Assert.Equal(PolicyOutcome.Send, decision.Outcome);
        Assert.Empty(decision.Scan.Findings);
    }

    [Fact]
    public void Masked_categories_are_sent_masked()
    {
        var decision = _scanner.Decide("マイナンバー 123456789018、電話 03-1234-5678", PersonalDataPolicySettings.Default);

        Assert.Equal(PolicyOutcome.SendMasked, decision.Outcome);
        Assert.Equal(PersonalDataCategory.MyNumber, Assert.Single(decision.Masked).Category);
        Assert.Empty(decision.Warned);
    }

    [Fact]
    public void Warned_categories_ask_the_member_and_can_be_masked_on_request()
    {
        var decision = _scanner.Decide("口座番号 1234567 とカード 4111111111111111", PersonalDataPolicySettings.Default);

        Assert.Equal(PolicyOutcome.Confirm, decision.Outcome);
        Assert.Equal(PersonalDataCategory.BankAccount, Assert.Single(decision.Warned).Category);
        Assert.Single(decision.ToMask(maskWarnings: false));
        Assert.Equal(2, decision.ToMask(maskWarnings: true).Count);
    }

    [Fact]
    public void A_blocked_category_blocks_whatever_else_was_found()
    {
        var policy = PersonalDataPolicySettings.Default.WithCustomTerms([new CustomTerm("社外秘")]);

        var decision = _scanner.Decide("【社外秘】マイナンバー 123456789018", policy);

        Assert.Equal(PolicyOutcome.Block, decision.Outcome);
        Assert.Equal(PersonalDataCategory.CustomTerm, Assert.Single(decision.Blocked).Category);
        Assert.Equal(1, decision.CountsByCategory()[PersonalDataCategory.MyNumber]);
    }

    [Fact]
    public void Off_categories_are_not_reported_but_can_be_shown_in_the_try_box()
    {
        const string text = "田中様の電話は 090-1234-5678";

        Assert.Empty(_scanner.Scan(text, PersonalDataPolicySettings.Default).Findings);
        Assert.Equal(2, _scanner.Scan(text, PersonalDataPolicySettings.Default, includeOff: true).Findings.Count);
    }

    [Fact]
    public void The_stricter_action_wins_an_overlap()
    {
        // The custom pattern covers the phone number: the blocked term must not be shadowed by the phone.
        var policy = PersonalDataPolicySettings.Default
            .With(PersonalDataCategory.Phone, PersonalDataAction.Warn)
            .WithCustomTerms([new CustomTerm(@"090-\d{4}-5678", IsPattern: true)]);

        var decision = _scanner.Decide("090-1234-5678", policy);

        Assert.Equal(PolicyOutcome.Block, decision.Outcome);
        Assert.Empty(decision.Warned);
    }

    [Fact]
    public void Missing_categories_in_a_stored_policy_take_their_defaults()
    {
        var policy = new PersonalDataPolicySettings(new Dictionary<PersonalDataCategory, PersonalDataAction> { [PersonalDataCategory.Phone] = PersonalDataAction.Block }, []);

        Assert.Equal(PersonalDataAction.Block, policy.ActionFor(PersonalDataCategory.Phone));
        Assert.Equal(PersonalDataAction.Mask, policy.ActionFor(PersonalDataCategory.MyNumber));
    }
}
