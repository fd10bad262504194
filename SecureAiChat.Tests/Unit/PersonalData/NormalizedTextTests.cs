using SecureAiChat.Core.PersonalData;

namespace SecureAiChat.Tests.Unit.PersonalData;

public sealed class NormalizedTextTests
{
    [Theory]
    [InlineData("０９０－１２３４－５６７８", "090-1234-5678")]
    [InlineData("090‐1234‐5678", "090-1234-5678")]
    [InlineData("090−1234−5678", "090-1234-5678")]
    [InlineData("090ー1234ー5678", "090-1234-5678")]
    [InlineData("０９０ー１２３４ー５６７８", "090-1234-5678")]
    [InlineData("090ｰ1234ｰ5678", "090-1234-5678")]
    [InlineData("090–1234—5678", "090-1234-5678")]
    [InlineData("090‑1234⁃5678", "090-1234-5678")]
    [InlineData("090 - 1234 - 5678", "090-1234-5678")]
    [InlineData("1234　5678　9018", "1234 5678 9018")]
    [InlineData("1234  5678\n9018", "1234 5678 9018")]
    [InlineData("1234\r\n5678", "1234 5678")]
    [InlineData("ＡＢＣ＠ｅｘａｍｐｌｅ．ｃｏｍ", "ABC@example.com")]
    [InlineData("ｶﾞｲﾄﾞ", "ガイド")]
    [InlineData("〶100-0001", "〒100-0001")]
    [InlineData("か\u3099き", "がき")]
    public void Normalises_widths_dashes_and_separators_inside_numbers(string original, string expected)
    {
        Assert.Equal(expected, NormalizedText.Create(original).Text);
    }

    [Theory]
    [InlineData("スーパー")]
    [InlineData("A-B")]
    [InlineData("第1\n\n2段落")]
    [InlineData("1 2 3 4 5 6 7 8")]
    public void Leaves_separators_outside_numbers_and_long_runs_alone(string original)
    {
        Assert.Equal(original, NormalizedText.Create(original).Text);
    }

    [Fact]
    public void Maps_a_normalised_span_back_to_the_original_text()
    {
        const string original = "電話は ０９０ー１２３４　５６７８ です";
        var normalized = NormalizedText.Create(original);
        var start = normalized.Text.IndexOf("090", StringComparison.Ordinal);
        const int length = 13; // "090-1234 5678"

        Assert.Equal("090-1234 5678", normalized.Text.Substring(start, length));
        var (originalStart, originalLength) = normalized.ToOriginal(start, length);
        Assert.Equal("０９０ー１２３４　５６７８", original.Substring(originalStart, originalLength));
    }

    [Fact]
    public void Maps_expanded_and_composed_characters_to_whole_original_characters()
    {
        const string original = "ｶﾞ㈱1";
        var normalized = NormalizedText.Create(original);

        Assert.Equal("ガ(株)1", normalized.Text);
        Assert.Equal((0, 2), normalized.ToOriginal(0, 1)); // ガ came from ｶ + ﾞ
        Assert.Equal((2, 1), normalized.ToOriginal(1, 3)); // (株) came from ㈱
        Assert.Equal((3, 1), normalized.ToOriginal(4, 1));
    }

    [Fact]
    public void Keeps_surrogate_pairs_whole()
    {
        const string original = "𠮷野家 1234";
        var normalized = NormalizedText.Create(original);

        Assert.Equal(original, normalized.Text);
        Assert.Equal((0, 2), normalized.ToOriginal(0, 1));
    }
}
