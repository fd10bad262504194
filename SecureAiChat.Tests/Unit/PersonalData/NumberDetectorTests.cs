using SecureAiChat.Core.PersonalData;

namespace SecureAiChat.Tests.Unit.PersonalData;

public sealed class MyNumberDetectorTests
{
    [Theory]
    [InlineData("マイナンバーは123456789018です", "123456789018")]
    [InlineData("個人番号：１２３４ ５６７８ ９０１８", "１２３４ ５６７８ ９０１８")]
    [InlineData("個人番号 1234-5678-9018", "1234-5678-9018")]
    [InlineData("My Number: 1234ー5678ー9018", "1234ー5678ー9018")]
    [InlineData("番号 1234\n5678\n9018 をご確認ください", "1234\n5678\n9018")]
    public void Finds_a_valid_my_number_in_any_format_and_highlights_the_original_span(string text, string original)
    {
        var finding = Detect.Single(text, PersonalDataCategory.MyNumber);

        Assert.Equal(original, text.Substring(finding.Start, finding.Length));
        Assert.Equal(original, finding.Value);
        Assert.Equal("123456789018", finding.CanonicalValue);
    }

    [Fact]
    public void Context_words_raise_confidence()
    {
        Assert.Equal(DetectionConfidence.High, Detect.Single("マイナンバー 123456789018", PersonalDataCategory.MyNumber).Confidence);
        Assert.Equal(DetectionConfidence.Medium, Detect.Single("番号 123456789018", PersonalDataCategory.MyNumber).Confidence);
    }

    [Theory]
    [InlineData("マイナンバーは123456789012です")] // wrong check digit
    [InlineData("注文番号 123456789018 の件")] // passes, but called an order number
    [InlineData("ORD-123456789018")] // part of an identifier
    [InlineData("1234567890180")] // 13 digits
    [InlineData("4111 1111 1111 1111")] // a card, not its first 12 digits
    public void Does_not_report_numbers_that_are_not_my_numbers(string text) =>
        Assert.Empty(Detect.In(text, PersonalDataCategory.MyNumber));
}

public sealed class PaymentCardDetectorTests
{
    [Theory]
    [InlineData("カード番号 4111 1111 1111 1111", "4111111111111111")]
    [InlineData("ｶｰﾄﾞ：４１１１－１１１１－１１１１－１１１１", "4111111111111111")]
    [InlineData("5555555555554444で決済", "5555555555554444")]
    [InlineData("JCB 3530 1113 3330 0000", "3530111333300000")]
    [InlineData("Amex 3782 822463 10005", "378282246310005")]
    [InlineData("Diners 3056 930902 5904", "30569309025904")]
    public void Finds_cards_of_every_brand_and_grouping(string text, string digits) =>
        Assert.Equal(digits, Detect.Single(text, PersonalDataCategory.PaymentCard).CanonicalValue);

    [Theory]
    [InlineData("カード番号 4111 1111 1111 1112")] // Luhn fails
    [InlineData("6011111111111117")] // Discover
    [InlineData("伝票 411 11111 1111 1111")] // not a card grouping, no card context
    public void Does_not_report_invalid_or_unknown_cards(string text) =>
        Assert.Empty(Detect.In(text, PersonalDataCategory.PaymentCard));
}

public sealed class CorporateNumberDetectorTests
{
    [Fact]
    public void Recognises_a_corporate_number_as_its_own_category()
    {
        var findings = Detect.In("法人番号 1180301018771 の取引先");

        var finding = Assert.Single(findings);
        Assert.Equal(PersonalDataCategory.CorporateNumber, finding.Category);
        Assert.Equal(DetectionConfidence.High, finding.Confidence);
    }

    [Fact]
    public void Is_never_masked_by_default()
    {
        var decision = new PersonalDataScanner().Decide("法人番号 1180301018771", PersonalDataPolicySettings.Default);

        Assert.Equal(PolicyOutcome.Send, decision.Outcome);
        Assert.Empty(decision.ToMask(maskWarnings: true));
    }

    [Fact]
    public void A_wrong_check_digit_is_not_a_corporate_number() =>
        Assert.Empty(Detect.In("法人番号 2180301018771", PersonalDataCategory.CorporateNumber));
}

public sealed class BankAccountDetectorTests
{
    [Theory]
    [InlineData("みずほ銀行 渋谷支店 普通 1234567")]
    [InlineData("口座番号：１２３４５６７")]
    [InlineData("振込先 三井住友 当座 7654321")]
    public void Finds_seven_digits_near_bank_words(string text) =>
        Assert.Single(Detect.In(text, PersonalDataCategory.BankAccount));

    [Theory]
    [InlineData("受付番号 1234567")]
    [InlineData("売上は1234567円")]
    public void Ignores_seven_digits_without_bank_context(string text) =>
        Assert.Empty(Detect.In(text, PersonalDataCategory.BankAccount));
}

public sealed class DriversLicenceDetectorTests
{
    [Fact]
    public void Finds_twelve_digits_near_licence_words_even_when_they_pass_the_my_number_check()
    {
        var findings = Detect.In("運転免許証番号 123456789018");

        Assert.Equal(PersonalDataCategory.DriversLicence, Assert.Single(findings).Category);
    }

    [Fact]
    public void Ignores_twelve_digits_without_licence_words() =>
        Assert.Empty(Detect.In("番号 301234567890", PersonalDataCategory.DriversLicence));
}

public sealed class InvoiceRegistrationNumberTests
{
    [Fact]
    public void An_invoice_registration_number_is_a_corporate_number() =>
        Assert.Equal("1180301018771", Detect.Single("登録番号 T1180301018771", PersonalDataCategory.CorporateNumber).CanonicalValue);

    [Fact]
    public void Other_letter_prefixes_still_make_an_identifier() =>
        Assert.Empty(Detect.In("型番 X1180301018771"));
}
