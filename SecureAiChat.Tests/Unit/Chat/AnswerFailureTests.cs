using System.Globalization;
using System.Resources;
using SecureAiChat.Core.Answers;
using SecureAiChat.Core.Budgets;
using SecureAiChat.Core.Chat;
using SecureAiChat.Core.PersonalData;
using SecureAiChat.Web.Features.Chat;

namespace SecureAiChat.Tests.Unit.Chat;

/// <summary>The one vocabulary of failed answers: every value has its message, and the stored strings keep their old form.</summary>
public sealed class AnswerFailureTests
{
    [Fact]
    public void Every_answer_failure_has_a_japanese_and_an_english_message()
    {
        var resources = new ResourceManager(typeof(ChatStrings).FullName!, typeof(ChatStrings).Assembly);
        var japanese = resources.GetResourceSet(CultureInfo.InvariantCulture, createIfNotExists: true, tryParents: false)!;
        var english = resources.GetResourceSet(CultureInfo.GetCultureInfo("en"), createIfNotExists: true, tryParents: false)!;

        foreach (var failure in Enum.GetValues<AnswerFailure>())
        {
            var key = FailureMessages.Key(failure);
            Assert.False(string.IsNullOrWhiteSpace(japanese.GetString(key)), "no Japanese message for " + key);
            Assert.False(string.IsNullOrWhiteSpace(english.GetString(key)), "no English message for " + key);
        }

        foreach (var level in Enum.GetValues<BudgetLevel>())
        {
            var key = FailureMessages.Key(AnswerFailure.BudgetExceeded) + level;
            Assert.False(string.IsNullOrWhiteSpace(japanese.GetString(key)), "no Japanese message for " + key);
            Assert.False(string.IsNullOrWhiteSpace(english.GetString(key)), "no English message for " + key);
        }
    }

    [Theory]
    [InlineData("KeyRejected", AnswerFailure.KeyRejected)]
    [InlineData("AllowanceExhausted", AnswerFailure.AllowanceExhausted)]
    [InlineData("TokenCapReached", AnswerFailure.TokenCapReached)]
    [InlineData("NotConfigured", AnswerFailure.NotConfigured)]
    [InlineData("InputTooLarge", AnswerFailure.InputTooLarge)]
    [InlineData("Interrupted", AnswerFailure.Interrupted)]
    [InlineData("ContentFiltered", AnswerFailure.ContentFiltered)]
    [InlineData("TooManyAnswers", AnswerFailure.TooManyAnswers)]
    [InlineData("WorkspaceBusy", AnswerFailure.WorkspaceBusy)]
    public void A_stored_name_reads_as_its_value_and_is_stored_the_same_again(string stored, AnswerFailure expected)
    {
        var failure = MessageFailure.FromStored(stored);

        Assert.Equal(expected, failure.Kind);
        Assert.Equal(stored, failure.ToStored());
    }

    [Fact]
    public void A_budget_refusal_keeps_its_level_beside_the_kind_in_the_old_form()
    {
        var failure = MessageFailure.FromStored("BudgetExceededDepartment");

        Assert.Equal(MessageFailure.BudgetExceeded(BudgetLevel.Department), failure);
        Assert.Equal("BudgetExceededDepartment", failure.ToStored());
    }

    [Fact]
    public void A_personal_data_block_keeps_its_categories_beside_the_kind_in_the_old_form()
    {
        var blocked = MessageFailure.PersonalDataBlocked([PersonalDataCategory.CustomTerm, PersonalDataCategory.Email, PersonalDataCategory.CustomTerm]);
        var stored = blocked.ToStored();

        var read = MessageFailure.FromStored(stored);

        Assert.StartsWith("PersonalDataBlocked:", stored, StringComparison.Ordinal);
        Assert.True(stored.Length <= 32);
        Assert.Equal(AnswerFailure.PersonalDataBlocked, read.Kind);
        Assert.Equal([PersonalDataCategory.Email, PersonalDataCategory.CustomTerm], read.BlockedCategories!.Order());
    }

    [Theory]
    [InlineData("SomethingRetired")]
    [InlineData("3")]
    [InlineData("BudgetExceededGalaxy")]
    public void A_stored_value_no_longer_known_reads_as_unknown(string stored)
    {
        Assert.Equal(AnswerFailure.Unknown, MessageFailure.FromStored(stored).Kind);
    }
}
