using System.Globalization;
using System.Linq.Expressions;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Providers;
using SecureAiChat.Core.Results;

namespace SecureAiChat.Core.Chat;

/// <summary>A line of the sidebar.</summary>
public sealed record ConversationSummary(Guid Id, string Title, DateTime UpdatedAt);

/// <summary>A conversation with its messages, oldest first (read-only snapshot).</summary>
public sealed record ConversationDetail(Guid Id, string Title, string Model, string? SystemPrompt, IReadOnlyList<ConversationMessage> Messages);

/// <summary>
/// A conversation as the chat page opens it: its settings, how many messages it has and only its newest messages,
/// oldest first. The older ones are read in pages when they are scrolled to (<see cref="ConversationStore.ReadMessagesAsync"/>).
/// </summary>
public sealed record ConversationOpening(Guid Id, string Title, string Model, string? SystemPrompt, int MessageCount, IReadOnlyList<ConversationMessage> Newest)
{
    /// <summary>The messages before <see cref="Newest"/>: positions 0 to <c>OlderCount - 1</c> of the conversation.</summary>
    public int OlderCount => MessageCount - Newest.Count;
}

/// <summary>
/// The signed-in member's conversations: list, search, read, rename, settings, edits of the last turn, deletion and
/// export. Every query goes through <see cref="OwnedBy"/>: another member's (or tenant's) conversation id behaves
/// exactly like an unknown id. Answers are <see cref="ChatTurns"/>' part.
/// </summary>
public sealed partial class ConversationStore(
    IDbContextFactory<AppDbContext> dbFactory,
    TenantChatClientFactory clients,
    IConversationDeletionRules deletionRules,
    ChatEligibility eligibility,
    IOptions<ChatServiceOptions> options)
{
    private const int TitleLength = 40;

    /// <summary>The one ownership rule: the conversation is <paramref name="userId"/>'s (the tenant filter does the rest).</summary>
    public static Expression<Func<Conversation, bool>> OwnedBy(string userId) => c => c.UserId == userId;

    /// <summary>
    /// How many of the member's conversations the sidebar lists (<see cref="PageAsync"/>'s rows), optionally filtered by
    /// the same search.
    /// </summary>
    public async Task<int> CountAsync(string userId, string? search = null, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await Listed(db, userId, search).CountAsync(cancellationToken);
    }

    /// <summary>
    /// <paramref name="take"/> of the member's conversations from the <paramref name="skip"/>th, newest first (last
    /// update, then id, so that pages neither overlap nor miss a row), optionally filtered by a search over titles and
    /// message text. The sidebar reads its rows a page at a time rather than holding hundreds per circuit
    /// (docs/benchmarks.md, figure 4).
    /// </summary>
    public async Task<IReadOnlyList<ConversationSummary>> PageAsync(string userId, string? search, int skip, int take, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(skip);
        ArgumentOutOfRangeException.ThrowIfNegative(take);
        if (take == 0)
        {
            return [];
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await Listed(db, userId, search)
            .OrderByDescending(c => c.UpdatedAt).ThenByDescending(c => c.Id)
            .Select(c => new ConversationSummary(c.Id, c.Title, c.UpdatedAt))
            .Skip(skip).Take(take)
            .ToListAsync(cancellationToken);
    }

    /// <summary>The member's conversations the sidebar lists: <see cref="OwnedBy"/>, and the search when there is one.</summary>
    private static IQueryable<Conversation> Listed(AppDbContext db, string userId, string? search)
    {
        var query = db.Conversations.AsNoTracking().Where(OwnedBy(userId));
        if (string.IsNullOrWhiteSpace(search))
        {
            return query;
        }

        var pattern = "%" + EscapeLike(search.Trim()) + "%";
        // LIKE ignores case on SQLite (ASCII) and on SQL Server's default collation, but not on PostgreSQL: ILIKE there.
        return db.Database.IsNpgsql()
            ? query.Where(c => EF.Functions.ILike(c.Title, pattern, "\\")
                || c.Messages.Any(m => EF.Functions.ILike(m.Content, pattern, "\\")))
            : query.Where(c => EF.Functions.Like(c.Title, pattern, "\\")
                || c.Messages.Any(m => EF.Functions.Like(m.Content, pattern, "\\")));
    }

    /// <summary>The member's conversation with its messages, or null when it does not exist or is not theirs.</summary>
    public async Task<ConversationDetail?> GetAsync(string userId, Guid conversationId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var conversation = await db.Conversations.AsNoTracking().Where(OwnedBy(userId))
            .SingleOrDefaultAsync(c => c.Id == conversationId, cancellationToken);
        if (conversation is null)
        {
            return null;
        }

        var messages = await db.ChatMessages.AsNoTracking()
            .Where(m => m.ConversationId == conversationId)
            .OrderBy(m => m.CreatedAt).ThenBy(m => m.Id)
            .ToListAsync(cancellationToken);
        return new ConversationDetail(conversation.Id, conversation.Title, conversation.Model, conversation.SystemPrompt, messages);
    }

    /// <summary>
    /// The member's conversation with its newest <paramref name="newest"/> messages (more when needed to reach back to the
    /// last question: Edit, Regenerate and Retry act on it) and its message count, or null when it does not exist or is not
    /// theirs. A long conversation is not read whole to be opened (docs/benchmarks.md, figure 5a).
    /// </summary>
    public async Task<ConversationOpening?> OpenAsync(string userId, Guid conversationId, int newest, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(newest);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var conversation = await db.Conversations.AsNoTracking().Where(OwnedBy(userId)).Where(c => c.Id == conversationId)
            .Select(c => new { c.Id, c.Title, c.Model, c.SystemPrompt, Count = c.Messages.Count() })
            .SingleOrDefaultAsync(cancellationToken);
        if (conversation is null)
        {
            return null;
        }

        List<ConversationMessage> messages;
        for (var take = newest; ; take *= 2)
        {
            messages = await db.ChatMessages.AsNoTracking()
                .Where(m => m.ConversationId == conversationId)
                .OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Id)
                .Take(take)
                .ToListAsync(cancellationToken);
            if (messages.Count < take || messages.Exists(m => m.Role == MessageRole.User))
            {
                break;
            }
        }

        messages.Reverse();
        // A message saved between the two reads (another tab) counts as one of the newest, never as a missing older one.
        var count = Math.Max(conversation.Count, messages.Count);
        return new ConversationOpening(conversation.Id, conversation.Title, conversation.Model, conversation.SystemPrompt, count, messages);
    }

    /// <summary>
    /// <paramref name="take"/> messages of the member's conversation from position <paramref name="skip"/>, oldest first (the
    /// order of <see cref="GetAsync"/>): the older part of an opened conversation, read when it is scrolled to. Empty when
    /// the conversation does not exist or is not theirs.
    /// </summary>
    public async Task<IReadOnlyList<ConversationMessage>> ReadMessagesAsync(string userId, Guid conversationId, int skip, int take, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(skip);
        ArgumentOutOfRangeException.ThrowIfNegative(take);
        if (take == 0)
        {
            return [];
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await MessagesOf(db, userId, conversationId)
            .OrderBy(m => m.CreatedAt).ThenBy(m => m.Id)
            .Skip(skip).Take(take)
            .ToListAsync(cancellationToken);
    }

    /// <summary>One message's text (Copy reads an answer's Markdown when pressed), or null when it is not in the member's conversation.</summary>
    public async Task<string?> GetMessageTextAsync(string userId, Guid conversationId, Guid messageId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await MessagesOf(db, userId, conversationId).Where(m => m.Id == messageId)
            .Select(m => m.Content).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>The messages of the member's conversation (<see cref="OwnedBy"/>): none when it is not theirs.</summary>
    private static IQueryable<ConversationMessage> MessagesOf(AppDbContext db, string userId, Guid conversationId) =>
        db.Conversations.AsNoTracking().Where(OwnedBy(userId)).Where(c => c.Id == conversationId).SelectMany(c => c.Messages);

    /// <summary>Replaces the text of the last user message and removes everything after it, ready to answer again.</summary>
    /// <exception cref="ChatInputException">The text is blank or longer than <see cref="ChatServiceOptions.MaxInputCharacters"/>.</exception>
    /// <exception cref="ChatRefusedException">The member may not chat now (<see cref="ChatEligibility"/>); nothing was changed.</exception>
    public async Task<ConversationMessage?> EditLastUserMessageAsync(string userId, Guid conversationId, string text, CancellationToken cancellationToken = default)
    {
        options.Value.ValidateInput(text);
        await eligibility.EnsureAsync(userId, cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var messages = await LastTurnAsync(db, userId, conversationId, cancellationToken);
        if (messages is null)
        {
            return null;
        }

        var lastUser = messages.FindLastIndex(m => m.Role == MessageRole.User);
        messages[lastUser].Content = text;
        db.ChatMessages.RemoveRange(messages.Skip(lastUser + 1));
        await db.SaveChangesAsync(cancellationToken);
        return messages[lastUser];
    }

    /// <summary>Removes the answer(s) after the last user message (Regenerate and Retry answer that message again).</summary>
    /// <exception cref="ChatRefusedException">The member may not chat now (<see cref="ChatEligibility"/>); nothing was changed.</exception>
    public async Task<bool> RemoveLastAnswerAsync(string userId, Guid conversationId, CancellationToken cancellationToken = default)
    {
        // Regenerating asks the model again: the same rules as a new message (a page opened before they changed).
        await eligibility.EnsureAsync(userId, cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var messages = await LastTurnAsync(db, userId, conversationId, cancellationToken);
        if (messages is null)
        {
            return false;
        }

        db.ChatMessages.RemoveRange(messages.Skip(messages.FindLastIndex(m => m.Role == MessageRole.User) + 1));
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    /// <summary>Renames the member's conversation; false when it is not theirs.</summary>
    public async Task<bool> RenameAsync(string userId, Guid conversationId, string title, CancellationToken cancellationToken = default)
    {
        var clean = MakeTitle(title);
        if (clean.Length == 0)
        {
            return false;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Conversations.Where(OwnedBy(userId)).Where(c => c.Id == conversationId)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.Title, clean), cancellationToken) == 1;
    }

    /// <summary>Changes the model and system prompt of the member's conversation; false when it is not theirs or the model is not allowed.</summary>
    public async Task<bool> UpdateSettingsAsync(string userId, Guid conversationId, string model, string? systemPrompt, CancellationToken cancellationToken = default)
    {
        await clients.RefreshAsync(cancellationToken);
        if (clients.Find(model) is not { } allowed)
        {
            return false;
        }

        var prompt = string.IsNullOrWhiteSpace(systemPrompt) ? null : systemPrompt.Trim();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Conversations.Where(OwnedBy(userId)).Where(c => c.Id == conversationId)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.Model, allowed.Model).SetProperty(c => c.SystemPrompt, prompt), cancellationToken) == 1;
    }

    /// <summary>
    /// Deletes the member's conversation and its messages (usage records stay). Refused while the member is under a
    /// legal hold or when the workspace turned off members' own deletion; another member's conversation is not found.
    /// </summary>
    public async Task<Result<ConversationDeleteOutcome>> DeleteAsync(string userId, Guid conversationId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var conversation = db.Conversations.Where(OwnedBy(userId)).Where(c => c.Id == conversationId);
        if (!await conversation.AnyAsync(cancellationToken))
        {
            return ConversationDeleteOutcome.NotFound;
        }

        if (await deletionRules.MemberRefusalAsync(db, userId, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        var deleted = await ConversationDeletion.DeleteAsync(db, conversation, cancellationToken);
        return deleted.Conversations == 1 ? Result<ConversationDeleteOutcome>.Ok : ConversationDeleteOutcome.NotFound;
    }

    /// <summary>Deletes all of the member's conversations (usage records stay: they are the tenant's bill), with the same refusals; how many.</summary>
    public async Task<Result<int, ConversationDeleteOutcome>> DeleteAllAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await deletionRules.MemberRefusalAsync(db, userId, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        var deleted = await ConversationDeletion.DeleteAsync(db, db.Conversations.Where(OwnedBy(userId)), cancellationToken);
        return deleted.Conversations;
    }

    /// <summary>The conversation as a Markdown document, or null when it is not the member's.</summary>
    public async Task<string?> ExportMarkdownAsync(string userId, Guid conversationId, string userLabel, string assistantLabel, CancellationToken cancellationToken = default)
    {
        var conversation = await GetAsync(userId, conversationId, cancellationToken);
        if (conversation is null)
        {
            return null;
        }

        var md = new StringBuilder();
        md.Append("# ").AppendLine(conversation.Title).AppendLine();
        if (conversation.SystemPrompt is { } prompt)
        {
            md.AppendLine("> " + prompt.ReplaceLineEndings("\n> ")).AppendLine();
        }

        foreach (var message in conversation.Messages)
        {
            var stamp = message.CreatedAt.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
            md.Append("## ").Append(message.Role == MessageRole.User ? userLabel : assistantLabel);
            if (message.Model is { } answeredBy)
            {
                md.Append(" (").Append(answeredBy).Append(')');
            }

            md.Append(" · ").AppendLine(stamp).AppendLine().AppendLine(message.Content.TrimEnd()).AppendLine();
        }

        return md.ToString();
    }

    /// <summary>A title from the first message: its first non-empty line, whitespace collapsed, at most 40 characters.</summary>
    public static string MakeTitle(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var line = text.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0) ?? "";
        line = WhitespacePattern().Replace(line, " ");
        var info = new StringInfo(line);
        return info.LengthInTextElements <= TitleLength ? line : info.SubstringByTextElements(0, TitleLength) + "…";
    }

    /// <summary>The messages of the member's conversation, oldest first, tracked; null when it is not theirs or has no user message.</summary>
    private static async Task<List<ConversationMessage>?> LastTurnAsync(AppDbContext db, string userId, Guid conversationId, CancellationToken cancellationToken)
    {
        if (!await db.Conversations.Where(OwnedBy(userId)).AnyAsync(c => c.Id == conversationId, cancellationToken))
        {
            return null;
        }

        var messages = await db.ChatMessages.Where(m => m.ConversationId == conversationId)
            .OrderBy(m => m.CreatedAt).ThenBy(m => m.Id).ToListAsync(cancellationToken);
        return messages.Exists(m => m.Role == MessageRole.User) ? messages : null;
    }

    private static string EscapeLike(string value) =>
        value.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_").Replace("[", "\\[");

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhitespacePattern();
}
