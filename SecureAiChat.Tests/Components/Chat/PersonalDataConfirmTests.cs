using System.Globalization;
using Bunit;
using SecureAiChat.Core.PersonalData;
using SecureAiChat.Web.Features.Chat;

namespace SecureAiChat.Tests.Components.Chat;

/// <summary>The warning shown before a message with warned values is sent.</summary>
public sealed class PersonalDataConfirmTests
{
    private const string Text = "振込先 普通口座 1234567、マイナンバー 1234 5678 9018";

    private static PersonalDataPreview Preview(bool sendAsIsAllowed)
    {
        var policy = PersonalDataPolicySettings.Default;
        var decision = new PersonalDataScanner().Decide(Text, policy);
        return new PersonalDataPreview(decision, policy, [], sendAsIsAllowed);
    }

    [Fact]
    public async Task The_values_are_highlighted_by_category_and_each_button_reports_its_choice()
    {
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("ja-JP");
        await using var ctx = BunitTestContext.Create();
        var chosen = new List<string>();
        var cut = ctx.Render<PersonalDataConfirm>(p => p
            .Add(x => x.Text, Text)
            .Add(x => x.Preview, Preview(sendAsIsAllowed: true))
            .Add(x => x.OnMaskAndSend, () => chosen.Add("mask"))
            .Add(x => x.OnSendAsIs, () => chosen.Add("as-is"))
            .Add(x => x.OnEdit, () => chosen.Add("edit")));

        var marks = cut.FindAll("[data-testid=pii-confirm-text] mark");
        Assert.Equal([("BankAccount", "Warn", "1234567"), ("MyNumber", "Mask", "1234 5678 9018")],
            marks.Select(m => (m.GetAttribute("data-category"), m.GetAttribute("data-action"), m.TextContent)).ToList());
        Assert.Contains("銀行口座番号: 1 件（警告）", cut.Find("[data-testid=pii-confirm-categories]").TextContent, StringComparison.Ordinal);

        await cut.Find("[data-testid=pii-mask-send]").ClickAsync(new());
        await cut.Find("[data-testid=pii-send-as-is]").ClickAsync(new());
        await cut.Find("[data-testid=pii-edit]").ClickAsync(new());
        Assert.Equal(["mask", "as-is", "edit"], chosen);
    }

    [Fact]
    public async Task Send_as_is_is_not_offered_where_the_service_would_not_honour_it()
    {
        await using var ctx = BunitTestContext.Create();
        var cut = ctx.Render<PersonalDataConfirm>(p => p.Add(x => x.Text, Text).Add(x => x.Preview, Preview(sendAsIsAllowed: false)));

        Assert.Empty(cut.FindAll("[data-testid=pii-send-as-is]"));
        Assert.Single(cut.FindAll("[data-testid=pii-mask-send]"));
    }
}
