using System.Globalization;
using SecureAiChat.Core.Answers;
using SecureAiChat.Core.Budgets;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.PersonalData;

namespace SecureAiChat.Core.Chat;

/// <summary>One chat thread of one member. Only its owner ever reads it (admins included: no).</summary>
public sealed class Conversation : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public string TenantId { get; set; } = "";

    /// <summary>The member who owns the conversation (Identity user id).</summary>
    public string UserId { get; set; } = "";

    public string Title { get; set; } = "";

    /// <summary>The model chosen for this conversation (Azure: deployment name).</summary>
    public string Model { get; set; } = "";

    /// <summary>Optional instructions sent first with every request of this conversation.</summary>
    public string? SystemPrompt { get; set; }

    /// <summary>UTC. DateTime rather than DateTimeOffset: SQLite can order by it in SQL.</summary>
    public DateTime CreatedAt { get; set; }

    /// <summary>UTC time of the last message; the sidebar sorts and groups by it.</summary>
    public DateTime UpdatedAt { get; set; }

    public List<ConversationMessage> Messages { get; set; } = [];
}

/// <summary>Who wrote a message.</summary>
public enum MessageRole
{
    User = 0,
    Assistant = 1,
}

/// <summary>
/// One message of a conversation. Named ConversationMessage (table ChatMessages) so it never collides
/// with Microsoft.Extensions.AI's ChatMessage in code that maps between the two.
/// </summary>
public sealed class ConversationMessage : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public string TenantId { get; set; } = "";

    public Guid ConversationId { get; set; }

    public MessageRole Role { get; set; }

    /// <summary>The raw text (Markdown from the model, plain text from the member).</summary>
    public string Content { get; set; } = "";

    /// <summary>Sanitized HTML of an assistant answer, rendered once when the answer ended.</summary>
    public string? RenderedHtml { get; set; }

    public MessageStatus Status { get; set; }

    /// <summary>The model that answered (assistant messages).</summary>
    public string? Model { get; set; }

    /// <summary>Why a failed answer failed (column <c>FailureCode</c>).</summary>
    public MessageFailure? Failure { get; set; }

    /// <summary>Seconds the provider asked us to wait (429), when it said so.</summary>
    public int? RetryAfterSeconds { get; set; }

    /// <summary>UTC.</summary>
    public DateTime CreatedAt { get; set; }

    public Conversation? Conversation { get; set; }
}

/// <summary>
/// Why an answer failed (<see cref="AnswerFailure"/>) with what a refusal needs besides its kind: the level of the
/// budget that refused it, or the personal-data categories that blocked it. Stored in one column as it always was
/// (<see cref="ToStored"/>: the kind's name, "BudgetExceeded" + level, "PersonalDataBlocked:" + one hex digit per
/// category), so rows saved before the enum read back unchanged. A struct: EF maps it as one converted column, never
/// as an entity of its own.
/// </summary>
public readonly record struct MessageFailure(
    AnswerFailure Kind, BudgetLevel? BudgetLevel = null, IReadOnlyList<PersonalDataCategory>? BlockedCategories = null)
{
    private const string BlockedPrefix = nameof(AnswerFailure.PersonalDataBlocked) + ":";

    public static MessageFailure BudgetExceeded(BudgetLevel level) => new(AnswerFailure.BudgetExceeded, level);

    public static MessageFailure PersonalDataBlocked(IEnumerable<PersonalDataCategory> categories) =>
        new(AnswerFailure.PersonalDataBlocked, BlockedCategories: [.. categories.Distinct().Order()]);

    /// <summary>The column's value (at most 32 characters: one hex digit per category).</summary>
    public string ToStored() => Kind switch
    {
        AnswerFailure.BudgetExceeded when BudgetLevel is { } level => nameof(AnswerFailure.BudgetExceeded) + level,
        AnswerFailure.PersonalDataBlocked => BlockedPrefix + string.Concat((BlockedCategories ?? []).Select(c => ((int)c).ToString("x", CultureInfo.InvariantCulture))),
        _ => Kind.ToString(),
    };

    /// <summary>Reads a column's value; a value no longer known reads as <see cref="AnswerFailure.Unknown"/>, never as an error.</summary>
    public static MessageFailure FromStored(string stored)
    {
        if (stored.StartsWith(BlockedPrefix, StringComparison.Ordinal))
        {
            return new MessageFailure(AnswerFailure.PersonalDataBlocked, BlockedCategories: [.. stored[BlockedPrefix.Length..]
                .Select(c => int.TryParse(c.ToString(), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var n) ? n : -1)
                .Where(n => Enum.IsDefined((PersonalDataCategory)n))
                .Select(n => (PersonalDataCategory)n)]);
        }

        // Names only (Enum.TryParse would also read a number as whatever value has it).
        var budget = nameof(AnswerFailure.BudgetExceeded);
        if (stored.Length > budget.Length && stored.StartsWith(budget, StringComparison.Ordinal)
            && Enum.GetNames<BudgetLevel>().Contains(stored[budget.Length..], StringComparer.Ordinal))
        {
            return BudgetExceeded(Enum.Parse<BudgetLevel>(stored[budget.Length..]));
        }

        return Enum.GetNames<AnswerFailure>().Contains(stored, StringComparer.Ordinal)
            ? new MessageFailure(Enum.Parse<AnswerFailure>(stored))
            : new MessageFailure(AnswerFailure.Unknown);
    }
}
