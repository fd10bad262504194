using Bunit;
using SecureAiChat.Web.Features.Templates;

namespace SecureAiChat.Tests.Components.Templates;

public sealed class TemplateVariablesFormTests
{
    private static string Field(string name) => $"textarea[data-name='{name}'], [data-name='{name}'] textarea";

    [Fact]
    public async Task One_field_per_distinct_variable_and_the_preview_and_result_are_filled()
    {
        await using var ctx = BunitTestContext.Create();
        string? filled = null;
        var cut = ctx.Render<TemplateVariablesForm>(p => p
            .Add(x => x.Body, "{{宛先}} 様\n{{用件}} の件です。{{宛先}} 様によろしく。")
            .Add(x => x.OnFill, (string text) => filled = text));

        var fields = cut.FindAll("[data-testid=template-variable]");
        Assert.Equal(["宛先", "用件"], fields.Select(f => f.GetAttribute("data-name")));

        cut.Find(Field("宛先")).Input("山田");
        cut.Find(Field("用件")).Input("見積もり");
        Assert.Equal("山田 様\n見積もり の件です。山田 様によろしく。", cut.Find("[data-testid=template-preview]").TextContent);

        await cut.Find("[data-testid=template-insert]").ClickAsync(new());
        Assert.Equal("山田 様\n見積もり の件です。山田 様によろしく。", filled);
    }

    [Fact]
    public async Task A_template_without_variables_goes_in_as_it_is()
    {
        await using var ctx = BunitTestContext.Create();
        string? filled = null;
        var cut = ctx.Render<TemplateVariablesForm>(p => p.Add(x => x.Body, "要約して {{}}").Add(x => x.OnFill, (string text) => filled = text));

        Assert.Empty(cut.FindAll("[data-testid=template-variable]"));
        await cut.Find("[data-testid=template-insert]").ClickAsync(new());
        Assert.Equal("要約して {{}}", filled);
    }
}
