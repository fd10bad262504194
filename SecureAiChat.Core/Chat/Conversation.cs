using System.Globalization;
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

/// <summary>How an assistant answer ended. User messages are always <see cref="Completed"/>.</summary>
public enum MessageStatus
{
    Completed = 0,

    /// <summary>The member pressed Stop or closed the page; the partial text is kept.</summary>
    Stopped = 1,

    /// <summary>The upstream failed; <see cref="ConversationMessage.FailureCode"/> says why, partial text kept.</summary>
    Failed = 2,
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

    /// <summary>Why a failed answer failed: a <see cref="Providers.ChatFailureKind"/> name or a <see cref="ChatFailureCodes"/> value.</summary>
    public string? FailureCode { get; set; }

    /// <summary>Seconds the provider asked us to wait (429), when it said so.</summary>
    public int? RetryAfterSeconds { get; set; }

    /// <summary>UTC.</summary>
    public DateTime CreatedAt { get; set; }

    public Conversation? Conversation { get; set; }
}

/// <summary>Failure codes that are not upstream failures.</summary>
public static class ChatFailureCodes
{
    /// <summary>No model is configured for the tenant (e.g. the demo model refused in Production).</summary>
    public const string NotConfigured = "NotConfigured";

    /// <summary>The system prompt plus the newest message alone exceed the model's context window.</summary>
    public const string InputTooLarge = "InputTooLarge";

    /// <summary>The plan's monthly system-default allowance has no room for this request.</summary>
    public const string AllowanceExhausted = "AllowanceExhausted";

    /// <summary>The admin's own monthly token cap has no room for this request.</summary>
    public const string TokenCapReached = "TokenCapReached";

    /// <summary>A hard-stop budget has no room for this request: <c>BudgetExceededWorkspace</c>, <c>…Department</c> or <c>…Member</c>.</summary>
    public const string BudgetExceededPrefix = "BudgetExceeded";

    public static string BudgetExceeded(Budgets.BudgetLevel level) => BudgetExceededPrefix + level;

    /// <summary>The member already has <c>Chat:MaxConcurrentAnswersPerUser</c> answers streaming.</summary>
    public const string TooManyAnswers = "TooManyAnswers";

    /// <summary>The workspace already has its plan's number of answers streaming at once.</summary>
    public const string WorkspaceBusy = "WorkspaceBusy";

    /// <summary>
    /// The instance streaming the answer shut down (a deployment or scale-in) before the answer ended: the partial text
    /// and its usage are kept, and the member can try again on another instance (<see cref="AnswerDrain"/>).
    /// </summary>
    public const string Interrupted = "Interrupted";

    /// <summary>
    /// The member's message holds personal data of a category the workspace blocks; nothing was sent. Stored as
    /// "PersonalDataBlocked:" plus one hex digit per category (fits the column and names the categories for the message).
    /// </summary>
    public const string PersonalDataBlocked = "PersonalDataBlocked";

    public static string PersonalDataBlockedFor(IEnumerable<PersonalDataCategory> categories) =>
        PersonalDataBlocked + ":" + string.Concat(categories.Distinct().Order().Select(c => ((int)c).ToString("x", CultureInfo.InvariantCulture)));

    /// <summary>The blocked categories of a <see cref="PersonalDataBlocked"/> code; false for any other code.</summary>
    public static bool TryParsePersonalDataBlocked(string? code, out IReadOnlyList<PersonalDataCategory> categories)
    {
        categories = [];
        if (code is null || !code.StartsWith(PersonalDataBlocked + ":", StringComparison.Ordinal))
        {
            return false;
        }

        categories = [.. code[(PersonalDataBlocked.Length + 1)..]
            .Select(c => int.Parse(c.ToString(), NumberStyles.HexNumber, CultureInfo.InvariantCulture))
            .Where(n => Enum.IsDefined((PersonalDataCategory)n))
            .Select(n => (PersonalDataCategory)n)];
        return true;
    }
}
