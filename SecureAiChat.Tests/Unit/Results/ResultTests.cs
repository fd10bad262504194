using Microsoft.Extensions.Localization;
using SecureAiChat.Core.Results;
using SecureAiChat.Web.Components.Shared;

namespace SecureAiChat.Tests.Unit.Results;

public sealed class ResultTests
{
    private enum SampleProblem
    {
        NameTaken,
        InvalidAddress,
    }

    [Fact]
    public void A_default_result_is_done_and_a_code_converts_to_a_refusal()
    {
        Result<SampleProblem> done = default;
        Assert.True(done.Succeeded);
        Assert.Empty(done.Problems);
        Assert.Null(done.Code);

        Result<SampleProblem> refused = SampleProblem.NameTaken;
        Assert.False(refused.Succeeded);
        Assert.Equal(SampleProblem.NameTaken, refused.Code);
        Assert.Equal([new Problem<SampleProblem>(SampleProblem.NameTaken)], refused.Problems);
    }

    [Fact]
    public void A_result_with_a_value_carries_it_only_when_done()
    {
        Result<Guid, SampleProblem> done = Guid.Empty;
        Assert.True(done.Succeeded);
        Assert.Equal(Guid.Empty, done.Value);

        Result<string, SampleProblem> refused = new Problem<SampleProblem>(SampleProblem.InvalidAddress, "x@", 3);
        Assert.False(refused.Succeeded);
        Assert.Null(refused.Value);
        Assert.Equal(3, refused.Problems[0].Line);
        Assert.False(refused.WithoutValue().Succeeded);
    }

    [Fact]
    public void A_refusal_without_problems_is_a_bug()
    {
        Assert.Throws<ArgumentException>(() => Result<SampleProblem>.Refused([]));
        Assert.Throws<ArgumentException>(() => Result<int, SampleProblem>.Refused([]));
    }

    [Fact]
    public void A_problem_may_name_its_form_field_and_says_what_it_holds()
    {
        Result<SampleProblem> refused = new Problem<SampleProblem>(SampleProblem.NameTaken, "営業", Field: "Name");
        Assert.Equal("Name", refused.Problems[0].Field);
        Assert.Null(new Problem<SampleProblem>(SampleProblem.NameTaken).Field);
        Assert.NotEqual(new Problem<SampleProblem>(SampleProblem.NameTaken, Field: "Name"), new Problem<SampleProblem>(SampleProblem.NameTaken));

        Assert.Equal("NameTaken", new Problem<SampleProblem>(SampleProblem.NameTaken).ToString());
        Assert.Equal("InvalidAddress (x@, line 3)", new Problem<SampleProblem>(SampleProblem.InvalidAddress, "x@", 3).ToString());
        Assert.Equal("NameTaken (営業, field Name)", new Problem<SampleProblem>(SampleProblem.NameTaken, "営業", Field: "Name").ToString());
        Assert.Equal("Refused: NameTaken (field Name)", Result<SampleProblem>.Refused([new(SampleProblem.NameTaken, Field: "Name")]).ToString());
    }

    [Fact]
    public void The_page_words_a_problem_from_the_enum_and_code_and_prefers_the_line_sentence()
    {
        var strings = new Dictionary<string, string>
        {
            ["SampleProblem_NameTaken"] = "「{0}」は使われています。",
            ["SampleProblem_InvalidAddress"] = "{0} は正しいアドレスではありません。",
            ["SampleProblem_InvalidAddress_Line"] = "{1} 行目: {0} は正しいアドレスではありません。",
        };
        var localizer = new DictionaryLocalizer(strings);

        Assert.Equal("「営業」は使われています。", localizer.Describe(SampleProblem.NameTaken, "営業"));
        Assert.Equal("2 行目: a@ は正しいアドレスではありません。", localizer.Describe(new Problem<SampleProblem>(SampleProblem.InvalidAddress, "a@", 2)));
        Assert.Equal("a@ は正しいアドレスではありません。", localizer.Describe(new Problem<SampleProblem>(SampleProblem.InvalidAddress, "a@")));
        // The field says where the sentence goes, not what it says.
        Assert.Equal("a@ は正しいアドレスではありません。", localizer.Describe(new Problem<SampleProblem>(SampleProblem.InvalidAddress, "a@", Field: "Email")));
        Result<SampleProblem> refused = Result<SampleProblem>.Refused(
            [new(SampleProblem.NameTaken, "A"), new(SampleProblem.InvalidAddress, "b@")]);
        Assert.Equal(["「A」は使われています。", "b@ は正しいアドレスではありません。"], localizer.Describe(refused));
    }

    private sealed class DictionaryLocalizer(Dictionary<string, string> strings) : IStringLocalizer
    {
        public LocalizedString this[string name] =>
            strings.TryGetValue(name, out var value) ? new(name, value) : new(name, name, resourceNotFound: true);

        public LocalizedString this[string name, params object[] arguments] =>
            strings.TryGetValue(name, out var value) ? new(name, string.Format(System.Globalization.CultureInfo.InvariantCulture, value, arguments)) : new(name, name, resourceNotFound: true);

        public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) => strings.Select(s => new LocalizedString(s.Key, s.Value));
    }
}
