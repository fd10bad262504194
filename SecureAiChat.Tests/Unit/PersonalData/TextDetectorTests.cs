using SecureAiChat.Core.PersonalData;

namespace SecureAiChat.Tests.Unit.PersonalData;

public sealed class PhoneDetectorTests
{
    [Theory]
    [InlineData("電話 03-1234-5678 まで", "03-1234-5678", "+81312345678")]
    [InlineData("携帯は０９０ー１２３４ー５６７８です", "０９０ー１２３４ー５６７８", "+819012345678")]
    [InlineData("TEL(06)6123-4567", "(06)6123-4567", "+81661234567")]
    [InlineData("+81-90-1234-5678 にどうぞ", "+81-90-1234-5678", "+819012345678")]
    [InlineData("+81 (0)3 1234 5678", "+81 (0)3 1234 5678", "+81312345678")]
    [InlineData("フリーダイヤル 0120-123-456", "0120-123-456", "+81120123456")]
    [InlineData("連絡先 09012345678", "09012345678", "+819012345678")]
    public void Finds_landline_mobile_and_international_forms(string text, string original, string e164)
    {
        var finding = Detect.Single(text, PersonalDataCategory.Phone);

        Assert.Equal(original, finding.Value);
        Assert.Equal(e164, finding.CanonicalValue);
    }

    [Theory]
    [InlineData("納期は2024-12-31です")]
    [InlineData("金額 1,234,567,890円")]
    [InlineData("1234567890")] // no trunk prefix
    [InlineData("〒100-0001")]
    [InlineData("00-0000-0000")] // not a Japanese number
    [InlineData("2024/03/12 0312")]
    [InlineData("型番 AB-03-1234-5678")]
    public void Does_not_take_dates_amounts_or_codes_for_phones(string text) =>
        Assert.Empty(Detect.In(text, PersonalDataCategory.Phone));
}

public sealed class EmailDetectorTests
{
    [Theory]
    [InlineData("連絡は taro.yamada@example.co.jp へ", "taro.yamada@example.co.jp")]
    [InlineData("ｔａｒｏ＠ｅｘａｍｐｌｅ．ｃｏｍ", "taro@example.com")]
    public void Finds_addresses_in_half_and_full_width(string text, string canonical) =>
        Assert.Equal(canonical, Detect.Single(text, PersonalDataCategory.Email).CanonicalValue);

    [Fact]
    public void Ignores_an_at_sign_without_a_domain() => Assert.Empty(Detect.In("@channel 会議です", PersonalDataCategory.Email));
}

public sealed class AddressDetectorTests
{
    [Theory]
    [InlineData("〒100-0001", "〒100-0001")]
    [InlineData("〒１００－０００１ 東京都千代田区千代田1-1", "〒１００－０００１")]
    [InlineData("郵便番号：530-0001", "郵便番号：530-0001")]
    public void Finds_postal_codes_with_their_mark(string text, string original) =>
        Assert.Contains(Detect.In(text, PersonalDataCategory.Address), f => f.Value == original);

    [Theory]
    [InlineData("住所は東京都千代田区丸の内1-2-3です", "東京都千代田区丸の内1-2-3です", DetectionConfidence.High)]
    [InlineData("大阪府大阪市北区梅田", "大阪府大阪市北区梅田", DetectionConfidence.Medium)]
    [InlineData("北海道札幌市中央区北1条西2丁目", "北海道札幌市中央区北1条西2丁目", DetectionConfidence.High)]
    public void Finds_prefecture_and_city_addresses(string text, string original, DetectionConfidence confidence)
    {
        var finding = Detect.Single(text, PersonalDataCategory.Address);

        Assert.StartsWith(original[..5], finding.Value, StringComparison.Ordinal);
        Assert.Equal(confidence, finding.Confidence);
    }

    [Theory]
    [InlineData("東京都の売上が伸びています")]
    [InlineData("100-0001")] // a bare number could be anything
    public void Ignores_prefectures_in_prose_and_bare_codes(string text) =>
        Assert.Empty(Detect.In(text, PersonalDataCategory.Address));
}

public sealed class PassportDetectorTests
{
    [Fact]
    public void Finds_a_passport_number_near_passport_words() =>
        Assert.Equal("TK1234567", Detect.Single("旅券番号 TK1234567", PersonalDataCategory.Passport).CanonicalValue);

    [Fact]
    public void Ignores_the_same_shape_without_context() => Assert.Empty(Detect.In("品番 TK1234567", PersonalDataCategory.Passport));
}

public sealed class PersonNameDetectorTests
{
    [Theory]
    [InlineData("田中様にご連絡ください", "田中")]
    [InlineData("鈴木 一郎さんから", "鈴木 一郎")]
    [InlineData("山田太郎の申請", "山田太郎")]
    [InlineData("高橋久志様", "高橋久志")]
    [InlineData("氏名：野々村 真", "野々村 真")]
    [InlineData("担当者: 佐藤", "佐藤")]
    [InlineData("翔太くんの件", "翔太")]
    public void Finds_names_with_honorifics_labels_or_dictionary_pairs(string text, string name) =>
        Assert.Equal(name, Detect.Single(text, PersonalDataCategory.PersonName).Value);

    [Theory]
    [InlineData("お客様各位")]
    [InlineData("森林の保全について")]
    [InlineData("中野区役所")]
    [InlineData("担当者変更のお知らせ")]
    public void Does_not_take_ordinary_words_for_names(string text) =>
        Assert.Empty(Detect.In(text, PersonalDataCategory.PersonName));

    [Theory]
    [InlineData("田中部長様")]
    [InlineData("田中部長によると")]
    public void Keeps_titles_out_of_the_name(string text) =>
        Assert.Equal("田中", Detect.Single(text, PersonalDataCategory.PersonName).Value);
}

public sealed class CustomTermDetectorTests
{
    private static PersonalDataPolicySettings With(params CustomTerm[] terms) => Detect.EverythingMasked.WithCustomTerms(terms);

    [Fact]
    public void Finds_words_regardless_of_case_and_width()
    {
        var findings = Detect.In("これは社外秘です。Project ＡＰＯＬＬＯ の件", With(new CustomTerm("社外秘"), new CustomTerm("project apollo")));

        Assert.Equal(["社外秘", "Project ＡＰＯＬＬＯ"], findings.Where(f => f.Category == PersonalDataCategory.CustomTerm).Select(f => f.Value));
    }

    [Fact]
    public void Finds_patterns()
    {
        var finding = Assert.Single(Detect.In("案件 PRJ-2024-017 の見積", With(new CustomTerm(@"PRJ-\d{4}-\d{3}", IsPattern: true))));

        Assert.Equal("PRJ-2024-017", finding.Value);
    }

    [Theory]
    [InlineData("", false, PersonalDataPolicyProblem.Empty)]
    [InlineData("   ", false, PersonalDataPolicyProblem.Empty)]
    [InlineData("(unclosed", true, PersonalDataPolicyProblem.InvalidPattern)]
    [InlineData("a*", true, PersonalDataPolicyProblem.MatchesEmpty)]
    public void Validation_rejects_unusable_terms(string value, bool isPattern, PersonalDataPolicyProblem problem) =>
        Assert.Equal(problem, new CustomTerm(value, isPattern).Validate());

    [Fact]
    public void Validation_rejects_overlong_terms() =>
        Assert.Equal(PersonalDataPolicyProblem.TooLong, new CustomTerm(new string('x', CustomTerm.MaxLength + 1)).Validate());

    [Fact]
    public void A_pattern_that_runs_out_of_time_blocks_the_message()
    {
        var policy = PersonalDataPolicySettings.Default.WithCustomTerms([new CustomTerm("(a+)+$", IsPattern: true)]);

        var decision = new PersonalDataScanner().Decide(new string('a', 40) + "!", policy);

        Assert.Equal(PolicyOutcome.Block, decision.Outcome);
        Assert.Single(decision.TimedOutTerms);
    }
}
