using System.Globalization;
using SecureAiChat.Core.Plans;

namespace SecureAiChat.Tests.Unit.Plans;

public sealed class PlanStringsTests
{
    private static readonly CultureInfo Ja = CultureInfo.GetCultureInfo("ja-JP");
    private static readonly CultureInfo En = CultureInfo.GetCultureInfo("en-US");

    [Fact]
    public void Starter_reads_correctly_in_japanese()
    {
        var starter = PlanCatalog.Find(PlanCode.Starter);

        Assert.Equal("¥29,800 / 月（税抜）", PlanStrings.Price(starter, Ja));
        Assert.Equal("税込 ¥32,780", PlanStrings.PriceIncludingTax(starter, Ja));
        Assert.Equal("10 名まで", PlanStrings.Seats(starter, Ja));
        Assert.Equal("月間 3,000,000 トークン", PlanStrings.Tokens(starter, Ja));
        Assert.Equal("今すぐ開始（即日利用可能）", PlanStrings.Signup(starter.SignupMode, Ja));
    }

    [Fact]
    public void Enterprise_reads_correctly_in_english()
    {
        var enterprise = PlanCatalog.Find(PlanCode.Enterprise);

        Assert.Equal("From ¥198,000 / month (excl. tax)", PlanStrings.Price(enterprise, En));
        Assert.Equal("Unlimited", PlanStrings.Seats(enterprise, En));
        Assert.Equal("Contact sales", PlanStrings.Signup(enterprise.SignupMode, En));
        Assert.StartsWith("Azure OpenAI", PlanStrings.ApiOption(enterprise.RecommendedApiOption, En), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_enum_value_has_text_in_both_languages()
    {
        foreach (var culture in new[] { Ja, En })
        {
            Assert.All(Enum.GetValues<SupportLevel>(), v => Assert.NotEmpty(PlanStrings.Support(v, culture)));
            Assert.All(Enum.GetValues<RecommendedApiOption>(), v => Assert.NotEmpty(PlanStrings.ApiOption(v, culture)));
            Assert.All(Enum.GetValues<SignupMode>(), v => Assert.NotEmpty(PlanStrings.Signup(v, culture)));
        }

        Assert.NotEqual(PlanStrings.Support(SupportLevel.Basic, Ja), PlanStrings.Support(SupportLevel.Basic, En));
    }
}
