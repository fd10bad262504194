using SecureAiChat.Core.PersonalData;

namespace SecureAiChat.Tests.Unit.PersonalData;

public sealed class ChecksumsTests
{
    [Theory]
    [InlineData("123456789018")]
    [InlineData("987654321093")]
    public void My_number_with_the_ordinance_check_digit_is_valid(string number) => Assert.True(Checksums.IsValidMyNumber(number));

    [Theory]
    [InlineData("123456789012")]
    [InlineData("123456789019")]
    [InlineData("12345678901")]
    [InlineData("1234567890188")]
    [InlineData("12345678901a")]
    public void My_number_with_a_wrong_check_digit_or_length_is_invalid(string number) => Assert.False(Checksums.IsValidMyNumber(number));

    [Fact]
    public void My_number_check_digit_is_zero_when_the_remainder_is_zero_or_one()
    {
        // Σ = 2 × 1 (P1 = last of the 11 digits, Q1 = 2) → remainder 2 → 9; Σ = 0 → 0; Σ = 12 (P1 = 6) → remainder 1 → 0.
        Assert.Equal(9, Checksums.MyNumberCheckDigit("00000000001"));
        Assert.Equal(0, Checksums.MyNumberCheckDigit("00000000000"));
        Assert.Equal(0, Checksums.MyNumberCheckDigit("00000000006"));
    }

    [Theory]
    [InlineData("1180301018771")] // トヨタ自動車
    [InlineData("8700110005901")] // 国税庁 example
    public void Corporate_number_with_its_leading_check_digit_is_valid(string number) => Assert.True(Checksums.IsValidCorporateNumber(number));

    [Theory]
    [InlineData("2180301018771")]
    [InlineData("118030101877")]
    public void Corporate_number_with_a_wrong_check_digit_is_invalid(string number) => Assert.False(Checksums.IsValidCorporateNumber(number));

    [Theory]
    [InlineData("4111111111111111", CardBrand.Visa)]
    [InlineData("4222222222222", CardBrand.Visa)]
    [InlineData("5555555555554444", CardBrand.Mastercard)]
    [InlineData("2223003122003222", CardBrand.Mastercard)]
    [InlineData("3530111333300000", CardBrand.Jcb)]
    [InlineData("378282246310005", CardBrand.AmericanExpress)]
    [InlineData("30569309025904", CardBrand.DinersClub)]
    [InlineData("36227206271667", CardBrand.DinersClub)]
    public void Known_test_cards_pass_luhn_and_have_their_brand(string number, CardBrand brand)
    {
        Assert.True(Checksums.PassesLuhn(number));
        Assert.Equal(brand, Checksums.CardBrandOf(number));
    }

    [Theory]
    [InlineData("6011111111111117")] // Discover: not a brand used in Japan's lists
    [InlineData("411111111111111")] // Visa prefix with 15 digits
    [InlineData("5555555555554")] // Mastercard prefix with 13 digits
    [InlineData("2721000000000000")] // just above the Mastercard 2-series
    public void Numbers_outside_the_brand_ranges_or_lengths_have_no_brand(string number) => Assert.Null(Checksums.CardBrandOf(number));

    [Fact]
    public void Luhn_rejects_a_changed_digit() => Assert.False(Checksums.PassesLuhn("4111111111111112"));
}
