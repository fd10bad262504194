using SecureAiChat.Core.Chat;
using SecureAiChat.Core.PersonalData;

namespace SecureAiChat.Web.Features.Chat;

/// <summary>
/// What one chat page holds of the member's conversation: which one it is, its settings, its messages as shown and the
/// current turn. "Busy" means a turn exists: from the moment a question is sent (or an edit, a regenerate) until its
/// answer is saved, stopped or failed. Every change goes through <see cref="ConversationStore"/> and <see cref="ChatTurns"/>; the page keeps bindings,
/// dialogs and navigation. One instance per page (per circuit), never shared.
/// </summary>
public sealed class ChatSession(ConversationStore conversations, ChatTurns turns, Func<ConversationMessage, MessageView> toView, Action changed)
{
    private readonly List<MessageView> _messages = [];

    /// <summary>The question being answered: its cancellation (Stop, leaving, closing) and, once the model is called, the text so far.</summary>
    public sealed class Turn : IDisposable
    {
        internal CancellationTokenSource Cancellation { get; } = new();

        /// <summary>Null until the answer is requested (the question is being saved).</summary>
        public StreamBuffer? Buffer { get; internal set; }

        public void Dispose() => Cancellation.Dispose();
    }

    /// <summary>The signed-in member (set once the page has read its authentication state).</summary>
    public string UserId { get; set; } = "";

    public Guid? ConversationId { get; private set; }

    public string? Title { get; private set; }

    public string? Model { get; set; }

    public string? SystemPrompt { get; private set; }

    /// <summary>The URL's conversation does not exist or is not the member's (the two look the same).</summary>
    public bool NotFound { get; private set; }

    /// <summary>
    /// The newest messages as shown: the ones read when the conversation opened and the ones of this page's turns. The
    /// <see cref="OlderCount"/> messages before them stay in the database until scrolled to (<see cref="ReadOlderAsync"/>).
    /// </summary>
    public IReadOnlyList<MessageView> Messages => _messages;

    /// <summary>How many messages come before <see cref="Messages"/>; they are read in pages when scrolled to.</summary>
    public int OlderCount { get; private set; }

    public Turn? Current { get; private set; }

    /// <summary>Answers ended (saved, stopped or failed) in this session: the page reloads the sidebar and the budget chip.</summary>
    public int AnswersEnded { get; private set; }

    public bool Busy => Current is not null;

    /// <summary>The question has no answer (the page was closed before it could be saved, or a save failed).</summary>
    public bool Unanswered => !Busy && _messages.Count > 0 && _messages[^1].Role == MessageRole.User;

    public string? LastQuestion => _messages.LastOrDefault(m => m.Role == MessageRole.User)?.Content;

    /// <summary>Shows a new, empty conversation with <paramref name="defaultModel"/>.</summary>
    public void OpenNew(string? defaultModel)
    {
        Reset();
        Model = defaultModel;
    }

    /// <summary>Loads the member's conversation; false (and <see cref="NotFound"/>) when it is not theirs or does not exist.</summary>
    public async Task<bool> OpenAsync(Guid id)
    {
        Reset();
        // Only the newest messages: the older ones of a long conversation are read when scrolled to (docs/chat.md).
        var conversation = await conversations.OpenAsync(UserId, id, MessageList.RecentCount);
        if (conversation is null)
        {
            // Someone else's id looks exactly like an id that does not exist.
            NotFound = true;
            return false;
        }

        ConversationId = conversation.Id;
        Title = conversation.Title;
        Model = conversation.Model;
        SystemPrompt = conversation.SystemPrompt;
        OlderCount = conversation.OlderCount;
        _messages.AddRange(conversation.Newest.Select(toView));
        return true;
    }

    /// <summary>
    /// Views of the older messages from position <paramref name="start"/> (0 = the first message), at most up to
    /// <see cref="OlderCount"/>: read from the database as they are scrolled to, not kept.
    /// </summary>
    public async Task<IReadOnlyList<MessageView>> ReadOlderAsync(int start, int count, CancellationToken cancellationToken = default)
    {
        var take = Math.Min(count, OlderCount - start);
        if (ConversationId is not { } id || start < 0 || take <= 0)
        {
            return [];
        }

        var messages = await conversations.ReadMessagesAsync(UserId, id, start, take, cancellationToken);
        return messages.Select(toView).ToList();
    }

    private void Reset()
    {
        Cancel();
        _messages.Clear();
        OlderCount = 0;
        NotFound = false;
        ConversationId = null;
        Title = null;
        SystemPrompt = null;
    }

    /// <summary>
    /// Saves the question (creating the conversation when there is none) and streams its answer.
    /// <paramref name="created"/> runs once a new conversation exists, before the model is called.
    /// </summary>
    /// <exception cref="ChatInputException">The text is blank or too long; nothing was saved.</exception>
    /// <exception cref="ChatRefusedException">The member may not chat now; nothing was saved.</exception>
    public async Task SendAsync(string text, WarnedValues warned, Func<Guid, Task> created)
    {
        if (Busy || NotFound)
        {
            return;
        }

        // Busy from the moment of sending, so nothing offers to answer the question twice meanwhile.
        var turn = Begin();
        var sent = await FirstStepAsync(turn, () => turns.SendAsync(UserId, ConversationId, text, Model, SystemPrompt));

        if (sent is null)
        {
            End(turn);
            NotFound = true;
            return;
        }

        _messages.Add(toView(sent));
        if (ConversationId is null)
        {
            ConversationId = sent.ConversationId;
            Title = ConversationStore.MakeTitle(text);
            await created(sent.ConversationId);
        }

        await AnswerAsync(turn, warned);
    }

    /// <summary>Answers the last question again (it has no answer yet).</summary>
    /// <exception cref="ChatRefusedException">The member may not chat now; nothing was changed.</exception>
    public Task AnswerAgainAsync(WarnedValues warned) => Busy ? Task.CompletedTask : AnswerAsync(Begin(), warned, again: true);

    /// <summary>Removes the last answer and answers the last question again.</summary>
    /// <exception cref="ChatRefusedException">The member may not chat now; nothing was changed.</exception>
    public async Task RegenerateAsync(WarnedValues warned)
    {
        if (Busy || ConversationId is not { } id)
        {
            return;
        }

        var turn = Begin();
        var removed = await FirstStepAsync(turn, () => conversations.RemoveLastAnswerAsync(UserId, id));

        if (!removed)
        {
            End(turn);
            return;
        }

        var lastUser = LastUserIndex();
        _messages.RemoveRange(lastUser + 1, _messages.Count - lastUser - 1);
        await AnswerAsync(turn, warned);
    }

    /// <summary>Replaces the last question with <paramref name="text"/> and answers it.</summary>
    /// <exception cref="ChatInputException">The text is blank or too long; nothing was changed.</exception>
    /// <exception cref="ChatRefusedException">The member may not chat now; nothing was changed.</exception>
    public async Task EditAndResendAsync(string text, WarnedValues warned)
    {
        if (Busy || ConversationId is not { } id)
        {
            return;
        }

        var turn = Begin();
        var edited = await FirstStepAsync(turn, () => conversations.EditLastUserMessageAsync(UserId, id, text));

        if (edited is null)
        {
            End(turn);
            return;
        }

        var lastUser = LastUserIndex();
        _messages.RemoveRange(lastUser, _messages.Count - lastUser);
        _messages.Add(toView(edited));
        await AnswerAsync(turn, warned);
    }

    private int LastUserIndex() => _messages.FindLastIndex(m => m.Role == MessageRole.User);

    /// <summary>
    /// The turn's first step (saving the question, removing the last answer, editing the question): when the text is
    /// refused or the member may not chat now, nothing was changed, so the turn ends before the exception goes on.
    /// </summary>
    private async Task<T> FirstStepAsync<T>(Turn turn, Func<Task<T>> step)
    {
        try
        {
            return await step();
        }
        catch (Exception ex) when (ex is ChatInputException or ChatRefusedException)
        {
            End(turn);
            throw;
        }
    }

    private Turn Begin()
    {
        Cancel();
        var turn = new Turn();
        Current = turn;
        return turn;
    }

    private void End(Turn turn)
    {
        if (ReferenceEquals(Current, turn))
        {
            Current = null;
        }

        turn.Dispose();
    }

    /// <param name="again">Answering a question saved earlier, with no step of this turn before it: the service checks
    /// first that the member may still chat (<see cref="ChatTurns.AnswerAgainAsync"/>).</param>
    private async Task AnswerAsync(Turn turn, WarnedValues warned, bool again = false)
    {
        if (ConversationId is not { } conversationId || !ReferenceEquals(Current, turn))
        {
            End(turn);
            return;
        }

        var buffer = new StreamBuffer();
        turn.Buffer = buffer;
        try
        {
            // The turn starts before the page renders the question and the answer's placeholder: the render then overlaps
            // the turn's reads and the upstream's first bytes instead of delaying them (docs/benchmarks.md, figure 1b).
            var answering = again
                ? turns.AnswerAgainAsync(UserId, conversationId, warned, buffer.Append, turn.Cancellation.Token)
                : turns.AnswerAsync(UserId, conversationId, warned, buffer.Append, turn.Cancellation.Token);
            changed();
            var answer = await answering;
            if (ConversationId == conversationId)
            {
                _messages.Add(toView(answer.Message));
            }
        }
        catch (InvalidOperationException ex) when (ex is not ChatRefusedException)
        {
            // Deleted meanwhile (another tab).
            NotFound = ConversationId == conversationId;
        }
        finally
        {
            End(turn);
            AnswersEnded++;
        }
    }

    /// <summary>Stops the current turn: the upstream request is aborted; the service saves the partial answer as stopped.</summary>
    public void Cancel()
    {
        if (Current is { } turn)
        {
            turn.Cancellation.Cancel();
        }
    }

    public async Task ChangeModelAsync(string model)
    {
        Model = model;
        if (ConversationId is { } id)
        {
            await conversations.UpdateSettingsAsync(UserId, id, model, SystemPrompt);
        }
    }

    /// <summary>Saves the system prompt; <paramref name="model"/> is the model in effect (the picker's, or the default).</summary>
    public async Task ChangeSystemPromptAsync(string? systemPrompt, string? model)
    {
        SystemPrompt = systemPrompt;
        if (ConversationId is { } id && model is not null)
        {
            await conversations.UpdateSettingsAsync(UserId, id, model, systemPrompt);
        }
    }

    /// <summary>The conversation was renamed (in the sidebar): the header follows.</summary>
    public void Renamed(Guid id, string title)
    {
        if (id == ConversationId)
        {
            Title = ConversationStore.MakeTitle(title);
        }
    }

    /// <summary>An answer's Markdown for Copy: the views keep only the HTML.</summary>
    public async Task<string?> ReadAnswerTextAsync(Guid messageId)
    {
        if (ConversationId is not { } id)
        {
            return null;
        }

        return await conversations.GetMessageTextAsync(UserId, id, messageId);
    }

    public Task<string?> ExportMarkdownAsync(string userLabel, string assistantLabel) =>
        ConversationId is { } id ? conversations.ExportMarkdownAsync(UserId, id, userLabel, assistantLabel) : Task.FromResult<string?>(null);
}
