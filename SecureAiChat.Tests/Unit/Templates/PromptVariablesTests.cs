using SecureAiChat.Core.Templates;

namespace SecureAiChat.Tests.Unit.Templates;

public sealed class PromptVariablesTests
{
    [Fact]
    public void Japanese_names_are_found_in_order_and_a_repeated_name_is_one_variable()
    {
        var body = "{{会社名}} 様\n{{用件}} について。{{ 会社名 }} のご担当者へ。";

        Assert.Equal(["会社名", "用件"], PromptVariables.Parse(body));
        var filled = PromptVariables.Fill(body, new Dictionary<string, string?> { ["会社名"] = "アクメ商事", ["用件"] = "見積もり" });
        Assert.Equal("アクメ商事 様\n見積もり について。アクメ商事 のご担当者へ。", filled);
    }

    [Theory]
    [InlineData("{{}} と {{ }}")]
    [InlineData("{{閉じていない")]
    [InlineData("閉じ括弧だけ}}")]
    [InlineData("{{改行\nをまたぐ}}")]
    [InlineData("{単一の波かっこ}")]
    public void Malformed_placeholders_are_no_variables_and_stay_as_text(string body)
    {
        Assert.Empty(PromptVariables.Parse(body));
        Assert.Equal(body, PromptVariables.Fill(body, new Dictionary<string, string?>()));
    }

    [Fact]
    public void A_variable_without_a_value_keeps_its_placeholder()
    {
        var body = "{{宛先}} へ {{本文}}";
        Assert.Equal("田中様 へ {{本文}}", PromptVariables.Fill(body, new Dictionary<string, string?> { ["宛先"] = "田中様", ["本文"] = "  " }));
    }

    [Fact]
    public void Triple_braces_and_a_name_too_long_are_handled_without_losing_text()
    {
        Assert.Equal(["名前"], PromptVariables.Parse("{{{名前}}}"));
        Assert.Equal("{山田}", PromptVariables.Fill("{{{名前}}}", new Dictionary<string, string?> { ["名前"] = "山田" }));

        var longName = "{{" + new string('あ', PromptVariables.MaxNameLength + 1) + "}}";
        Assert.Empty(PromptVariables.Parse(longName));
    }

    [Fact]
    public void Values_are_inserted_literally_even_when_they_look_like_placeholders_or_regex()
    {
        var filled = PromptVariables.Fill("A={{a}} B={{b}}", new Dictionary<string, string?> { ["a"] = "{{b}}", ["b"] = "$1 $0" });
        Assert.Equal("A={{b}} B=$1 $0", filled);
    }

    [Fact]
    public void The_starter_templates_have_their_variables()
    {
        var minutes = SecureAiChat.Core.Provisioning.WorkspaceDefaults.StarterTemplates().Single(t => t.Key == "minutes-summary");
        Assert.Equal(["会議メモをここに貼り付け"], PromptVariables.Parse(minutes.Body));
    }
}
