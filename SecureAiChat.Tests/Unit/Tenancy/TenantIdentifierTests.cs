using SecureAiChat.Core.Tenancy;

namespace SecureAiChat.Tests.Unit.Tenancy;

public sealed class TenantIdentifierTests
{
    [Theory]
    [InlineData("acme")]
    [InlineData("acme-jp")]
    [InlineData("a1b")]
    [InlineData("123")]
    [InlineData("ACME")] // case-insensitive: normalized to "acme"
    [InlineData("  acme  ")]
    [InlineData("abcdefghijklmnopqrstuvwxyz1234")] // 30 characters
    public void Accepts_well_formed_identifiers(string value) =>
        Assert.True(TenantIdentifier.Validate(value).Succeeded);

    [Theory]
    [InlineData("", TenantIdentifierProblem.Empty)]
    [InlineData("   ", TenantIdentifierProblem.Empty)]
    [InlineData(null, TenantIdentifierProblem.Empty)]
    [InlineData("ab", TenantIdentifierProblem.TooShort)]
    [InlineData("abcdefghijklmnopqrstuvwxyz12345", TenantIdentifierProblem.TooLong)]
    [InlineData("acme_corp", TenantIdentifierProblem.InvalidCharacters)]
    [InlineData("acme.corp", TenantIdentifierProblem.InvalidCharacters)]
    [InlineData("株式会社", TenantIdentifierProblem.InvalidCharacters)]
    [InlineData("ａｃｍｅ", TenantIdentifierProblem.InvalidCharacters)] // full-width letters
    [InlineData("-acme", TenantIdentifierProblem.HyphenAtEdge)]
    [InlineData("acme-", TenantIdentifierProblem.HyphenAtEdge)]
    [InlineData("xn--acme", TenantIdentifierProblem.ConsecutiveHyphens)]
    [InlineData("www", TenantIdentifierProblem.Reserved)]
    [InlineData("Admin", TenantIdentifierProblem.Reserved)]
    [InlineData("ops", TenantIdentifierProblem.Reserved)]
    [InlineData("api", TenantIdentifierProblem.Reserved)]
    [InlineData("platform", TenantIdentifierProblem.Reserved)]
    public void Refuses_bad_identifiers_with_the_reason(string? value, TenantIdentifierProblem expected) =>
        Assert.Equal(expected, TenantIdentifier.Validate(value).Code);

    [Fact]
    public void Reserved_words_named_in_the_architecture_are_all_reserved()
    {
        foreach (var word in new[] { "www", "app", "api", "admin", "ops", "mail", "static", "assets", "status", "support", "help", "login", "auth" })
            Assert.True(TenantIdentifier.Reserved.Contains(word), word);
    }

    [Fact]
    public void Suggestions_are_valid_and_differ_from_the_taken_name()
    {
        var suggestions = TenantIdentifier.Suggest("acme").ToList();
        Assert.NotEmpty(suggestions);
        Assert.All(suggestions, s => Assert.True(TenantIdentifier.IsValid(s), s));
        Assert.DoesNotContain("acme", suggestions);
    }

    [Fact]
    public void Suggestions_for_a_long_name_stay_within_the_length_limit()
    {
        var suggestions = TenantIdentifier.Suggest(new string('a', 30)).ToList();
        Assert.NotEmpty(suggestions);
        Assert.All(suggestions, s => Assert.InRange(s.Length, TenantIdentifier.MinLength, TenantIdentifier.MaxLength));
    }
}
