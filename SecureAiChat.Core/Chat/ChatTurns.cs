using System.Diagnostics;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SecureAiChat.Core.Answers;
using SecureAiChat.Core.Budgets;
using SecureAiChat.Core.Chat.Rendering;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.PersonalData;
using SecureAiChat.Core.Providers;
using SecureAiChat.Core.Providers.Pipeline;
using SecureAiChat.Core.Settings;
using SecureAiChat.Core.Telemetry;
using SecureAiChat.Core.Tenancy;
using SecureAiChat.Core.Usage;
using AiChatMessage = Microsoft.Extensions.AI.ChatMessage;

namespace SecureAiChat.Core.Chat;

/// <summary>How an answer ended: the saved assistant message and, when it failed, why.</summary>
public sealed record ChatAnswer(ConversationMessage Message, ChatFailure? Failure);

/// <summary>Thrown when a member's message breaks the input rules (empty or over the limit).</summary>
public sealed class ChatInputException(string message) : ArgumentException(message);

/// <summary>
/// One turn of a conversation: the member's message is saved (<see cref="SendAsync"/>), then the answer
/// (<see cref="AnswerAsync(string, Guid, WarnedValues, Action{string}?, CancellationToken)"/>): the conversation is read
/// once, the history trimmed, personal data checked, the allowance, budgets and a streaming slot reserved, the answer
/// streamed through the pipeline (<see cref="ChatAnswerPipeline"/>) and saved once when it ends (completed, stopped or
/// failed, partial text kept) together with its usage record, in a fresh tenant scope. Nothing is written per token
/// and no transaction is held open while the model streams. Another member's conversation behaves as unknown.
/// </summary>
public sealed partial class ChatTurns(
    IDbContextFactory<AppDbContext> dbFactory,
    ICurrentTenant currentTenant,
    TenantScopeFactory tenantScopes,
    TenantChatClientFactory clients,
    TokenAllowance allowance,
    BudgetGate budgets,
    AnswerSlots slots,
    TokenCounter tokenCounter,
    ChatHistoryTrimmer trimmer,
    ChatMarkdownRenderer renderer,
    ChatPersonalDataGate personalData,
    ChatEligibility eligibility,
    ProductMetrics metrics,
    AnswerDrain drain,
    IOptions<ChatServiceOptions> options,
    TimeProvider time,
    ILogger<ChatTurns> logger)
{
    /// <summary>The limits in force.</summary>
    public ChatServiceOptions Options => options.Value;

    /// <summary>
    /// What an answer needs of the member's conversation: its model, system prompt and the messages' roles and
    /// text, oldest first. Not their stored HTML, which is most of a long conversation's bytes.
    /// </summary>
    private static async Task<(string Model, string? SystemPrompt, List<AiChatMessage> History)?> LoadForAnswerAsync(
        AppDbContext db, string userId, Guid conversationId, CancellationToken cancellationToken)
    {
        var conversation = await AnswerSourceQuery.For(db)(db, userId, conversationId, cancellationToken);
        if (conversation is null)
        {
            return null;
        }

        var history = conversation.Messages.ConvertAll(m => new AiChatMessage(m.Role == MessageRole.User ? ChatRole.User : ChatRole.Assistant, m.Content));
        return (conversation.Model, conversation.SystemPrompt, history);
    }

    private sealed record AnswerSource(string Model, string? SystemPrompt, List<AnswerLine> Messages);

    private sealed record AnswerLine(MessageRole Role, string Content);

    // One round trip (this runs before every answer's first token), compiled: the conversation with its messages joined.
    // The owner condition is ConversationStore.OwnedBy's, written out: a compiled query cannot take an expression built
    // per call (the answer tests check that another member's conversation stays unknown here too).
    private static readonly CompiledPerModel<Func<AppDbContext, string, Guid, CancellationToken, Task<AnswerSource?>>> AnswerSourceQuery =
        new(() => EF.CompileAsyncQuery((AppDbContext db, string userId, Guid conversationId, CancellationToken _) => db.Conversations.AsNoTracking()
            .Where(c => c.UserId == userId && c.Id == conversationId)
            .Select(c => new AnswerSource(
                c.Model,
                c.SystemPrompt,
                db.ChatMessages
                    .Where(m => m.ConversationId == c.Id && (m.Role == MessageRole.User || m.Content != ""))
                    .OrderBy(m => m.CreatedAt).ThenBy(m => m.Id)
                    .Select(m => new AnswerLine(m.Role, m.Content))
                    .ToList()))
            .SingleOrDefault()));

    /// <summary>
    /// Saves the member's message, creating the conversation when <paramref name="conversationId"/> is null
    /// (titled from the message; no model call). Returns null when the conversation is not the member's.
    /// </summary>
    /// <exception cref="ChatInputException">The text is blank or longer than <see cref="ChatServiceOptions.MaxInputCharacters"/>.</exception>
    /// <exception cref="ChatRefusedException">The member may not chat now (<see cref="ChatEligibility"/>); nothing was saved.</exception>
    public async Task<ConversationMessage?> SendAsync(
        string userId, Guid? conversationId, string text, string? model = null, string? systemPrompt = null, CancellationToken cancellationToken = default)
    {
        Options.ValidateInput(text);
        await eligibility.EnsureAsync(userId, cancellationToken);
        await clients.RefreshAsync(cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        Conversation? conversation;
        if (conversationId is { } id)
        {
            conversation = await db.Conversations.Where(ConversationStore.OwnedBy(userId)).SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
            if (conversation is null)
            {
                return null;
            }
        }
        else
        {
            conversation = new Conversation
            {
                UserId = userId,
                Title = ConversationStore.MakeTitle(text),
                Model = clients.Find(model)?.Model ?? clients.DefaultModel?.Model ?? model ?? SystemDefaultAiOptions.DefaultModel,
                SystemPrompt = string.IsNullOrWhiteSpace(systemPrompt) ? null : systemPrompt.Trim(),
                CreatedAt = now,
            };
            db.Conversations.Add(conversation);
        }

        conversation.UpdatedAt = now;
        var message = new ConversationMessage
        {
            ConversationId = conversation.Id,
            Role = MessageRole.User,
            Content = text,
            Status = MessageStatus.Completed,
            CreatedAt = now,
        };
        db.ChatMessages.Add(message);
        await db.SaveChangesAsync(cancellationToken);
        return message;
    }

    /// <summary>
    /// Streams the model's answer to the conversation's history. <paramref name="onDelta"/> receives each
    /// piece of text as it arrives (on a pool thread). Cancelling <paramref name="cancellationToken"/> (Stop,
    /// closed page) aborts the upstream request at once and saves the partial answer as stopped.
    /// </summary>
    /// <exception cref="InvalidOperationException">The conversation does not exist or is not the member's.</exception>
    public Task<ChatAnswer> AnswerAsync(string userId, Guid conversationId, Action<string>? onDelta = null, CancellationToken cancellationToken = default) =>
        AnswerAsync(userId, conversationId, WarnedValues.Mask, onDelta, cancellationToken);

    /// <summary>
    /// Answers the last question again when its answer was never saved ("Answer again"): nothing of the conversation
    /// changes before the model is asked, so the member's eligibility is checked here, as a new message's, edit's or
    /// regenerate's is in the step before their answer.
    /// </summary>
    /// <exception cref="ChatRefusedException">The member may not chat now (<see cref="ChatEligibility"/>); nothing was saved.</exception>
    public async Task<ChatAnswer> AnswerAgainAsync(
        string userId, Guid conversationId, WarnedValues warned, Action<string>? onDelta = null, CancellationToken cancellationToken = default)
    {
        await eligibility.EnsureAsync(userId, cancellationToken);
        return await AnswerAsync(userId, conversationId, warned, onDelta, cancellationToken);
    }

    /// <summary>
    /// As <see cref="AnswerAsync(string, Guid, Action{string}?, CancellationToken)"/>, with the member's choice for the
    /// values of Warn categories: <see cref="WarnedValues.SendAsIs"/> only after the member saw them and chose so (and
    /// only when no earlier message of the conversation holds warned values: those stay masked); otherwise they are
    /// masked like Mask categories, so a caller that did not ask the member can never send them.
    /// </summary>
    public async Task<ChatAnswer> AnswerAsync(string userId, Guid conversationId, WarnedValues warned, Action<string>? onDelta = null, CancellationToken cancellationToken = default)
    {
        var startedAt = time.GetTimestamp();
        var tenantId = currentTenant.TenantId ?? throw new InvalidOperationException("No tenant is set.");
        using var activity = ProductMetrics.StartAnswer(tenantId, conversationId);
        // One context and connection for what precedes the first token (the conversation's read, then the reservation),
        // closed before the model is called: nothing holds a connection while the answer streams.
        await using var admission = await dbFactory.CreateDbContextAsync(cancellationToken);
        await admission.Database.OpenConnectionAsync(cancellationToken);
        var conversation = await LoadForAnswerAsync(admission, userId, conversationId, cancellationToken)
            ?? throw new InvalidOperationException("Conversation not found.");
        // The tenant's provider is read per answer: a switch or a new key applies to the next message.
        await clients.RefreshAsync(cancellationToken);
        var model = clients.Find(conversation.Model) ?? clients.DefaultModel;
        if (model is null)
        {
            return await SaveAnswerAsync(tenantId, userId, conversationId, null, "", MessageStatus.Failed, new(AnswerFailure.NotConfigured), null, null, 0, null, startedAt);
        }

        var trimmed = trimmer.Trim(conversation.SystemPrompt, conversation.History, Options.ContextWindowTokens, Options.ReservedOutputTokens);
        if (trimmed.LatestMessageTooLarge)
        {
            return await SaveAnswerAsync(tenantId, userId, conversationId, model, "", MessageStatus.Failed, new(AnswerFailure.InputTooLarge), null, null, 0, null, startedAt);
        }

        var (protection, blocked) = await personalData.CheckAsync(tenantId, conversationId, conversation.History, warned, cancellationToken);
        if (blocked is not null)
        {
            return await SaveAnswerAsync(tenantId, userId, conversationId, null, "", MessageStatus.Failed, blocked, null, null, 0, null, startedAt);
        }

        return await StreamAnswerAsync(admission, tenantId, userId, conversationId, model, trimmed, protection, onDelta, startedAt, cancellationToken).ConfigureAwait(false);
    }

    private async Task<ChatAnswer> StreamAnswerAsync(
        AppDbContext admission, string tenantId, string userId, Guid conversationId, TenantChatModel model, ChatHistoryTrimResult trimmed,
        PersonalDataProtection protection, Action<string>? onDelta, long startedAt, CancellationToken cancellationToken)
    {
        // Prompt + the most the answer may cost must fit in what remains of the month's allowance (or the admin's cap)
        // and of every budget that applies, and the answer needs a slot among those streaming at once (counted in the
        // database, so one member or workspace cannot hold every upstream connection of all instances): all taken in
        // one transaction before the model is called. Retries happen before the first token and each call is bounded
        // by MaxAnswerDuration: twice that covers any answer, so an expired reservation is one whose instance died.
        var maxInput = trimmed.EstimatedInputTokens;
        var budget = await budgets.PlanAsync(userId, model.Model, maxInput, Options.ReservedOutputTokens, cancellationToken);
        var reserved = await allowance.ReserveAsync(model.Source, clients.MonthlyTokenCap,
            maxInput + Options.ReservedOutputTokens, 2 * Options.MaxAnswerDuration, budget, slots.SlotFor(userId), admission, cancellationToken);
        await admission.DisposeAsync();
        await using var reservation = reserved.Lease;
        if (reservation is null)
        {
            var refused = new MessageFailure(reserved.Refusal!.Value, reserved.Refusal == AnswerFailure.BudgetExceeded ? budget?.RefusedLevel : null);
            return await SaveAnswerAsync(tenantId, userId, conversationId, null, "", MessageStatus.Failed, refused, null, null, 0, null, startedAt);
        }

        metrics.AnswerStarted(model.Source.ToString());
        // Counted until saved: a shutdown waits for this answer, or interrupts it and still saves it.
        using var running = drain.Enter();
        using var interruptible = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, drain.Interrupted);
        // Always bounded: the reservation must bound the overshoot, and no answer may run on for ever at the platform's cost.
        var chatOptions = new ChatOptions { MaxOutputTokens = Options.ReservedOutputTokens };
        var usage = new AnswerUsage();
        using var client = ChatAnswerPipeline.Build(clients.CreateClient(model), Options, time, logger, usage, protection);
        var text = new StringBuilder();
        ChatFailure? failure = null;
        var status = MessageStatus.Completed;
        try
        {
            // ConfigureAwait(false): the stream and the final save must not depend on the caller's
            // synchronization context (a Blazor circuit that is being torn down stops running it).
            await foreach (var update in client.GetStreamingResponseAsync(trimmed.Messages, chatOptions, interruptible.Token).ConfigureAwait(false))
            {
                var delta = update.Text;
                if (!string.IsNullOrEmpty(delta))
                {
                    text.Append(delta);
                    onDelta?.Invoke(delta);
                }
            }

            if (usage.ContentFiltered)
            {
                status = MessageStatus.Failed;
                failure = new ChatFailure(AnswerFailure.ContentFiltered);
            }
        }
        catch (Exception ex)
        {
            // The pipeline already retried what may be retried (only before the first token).
            var classified = ChatFailureClassifier.Classify(ex, cancellationToken);
            if (drain.Interrupted.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                failure = new ChatFailure(AnswerFailure.Interrupted);
                status = MessageStatus.Failed;
            }
            else if (classified.Kind == AnswerFailure.Cancelled)
            {
                status = MessageStatus.Stopped;
            }
            else
            {
                LogFailure(logger, ex, classified.Kind, classified.StatusCode, conversationId);
                failure = classified;
                status = MessageStatus.Failed;
            }
        }

        var ttft = usage.FirstTextAt is { } first ? (int?)time.GetElapsedTime(startedAt, first).TotalMilliseconds : null;
        return await SaveAnswerAsync(tenantId, userId, conversationId, model, text.ToString(), status, failure is null ? null : new(failure.Kind), failure, usage.Details, trimmed.EstimatedInputTokens, ttft, startedAt, budget).ConfigureAwait(false);
    }

    private async Task<ChatAnswer> SaveAnswerAsync(
        string tenantId, string userId, Guid conversationId, TenantChatModel? model, string text, MessageStatus status, MessageFailure? saved,
        ChatFailure? upstream, UsageDetails? usage, int estimatedInput, int? timeToFirstTokenMs, long startedAt, BudgetHold? budget = null)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var message = new ConversationMessage
        {
            ConversationId = conversationId,
            Role = MessageRole.Assistant,
            Content = text,
            RenderedHtml = renderer.Render(text),
            Status = status,
            Model = model?.Model,
            Failure = saved,
            RetryAfterSeconds = upstream?.RetryAfter is { } wait ? (int)Math.Ceiling(wait.TotalSeconds) : null,
            CreatedAt = now,
        };

        // The answer is over whatever the member did meanwhile (Stop, closed tab): save it regardless,
        // in a scope of its own: when the tab was closed, the circuit's scope is already disposed.
        await using var scope = await tenantScopes.CreateScopeAsync(tenantId, CancellationToken.None).ConfigureAwait(false);
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>()
            .CreateDbContextAsync(CancellationToken.None).ConfigureAwait(false);
        UsageRecord? recorded = null;
        if (model is not null)
        {
            var reported = usage is { InputTokenCount: not null, OutputTokenCount: not null };
            var input = (int)(reported ? usage!.InputTokenCount!.Value : estimatedInput);
            var output = (int)(reported ? usage!.OutputTokenCount!.Value : tokenCounter.CountTokens(text));
            metrics.AnswerEnded(model.Source.ToString(), status.ToString().ToLowerInvariant(), saved?.Kind, timeToFirstTokenMs, input, output);
            // The department at the time of use, so chargeback follows the member's department on the day of the answer.
            var departmentId = await db.Users.Where(u => u.Id == userId).Select(u => u.DepartmentId)
                .FirstOrDefaultAsync(CancellationToken.None).ConfigureAwait(false);
            recorded = new UsageRecord
            {
                UserId = userId,
                DepartmentId = departmentId,
                ConversationId = conversationId,
                Provider = model.Provider,
                Source = model.Source,
                Model = model.Model,
                InputTokens = input,
                OutputTokens = output,
                ReportedByProvider = reported,
                TimeToFirstTokenMs = timeToFirstTokenMs,
                DurationMs = (int)time.GetElapsedTime(startedAt).TotalMilliseconds,
                Status = status,
                CreatedAt = now,
            };
            // The usage record is saved on its own first: the conversation may have been deleted meanwhile (another tab),
            // which fails the message's save, and the tokens were used all the same.
            await scope.ServiceProvider.GetRequiredService<TokenAllowance>().RecordUsageAsync(db, recorded, CancellationToken.None).ConfigureAwait(false);
        }

        if (budget is not null && recorded is not null)
        {
            // Right after the usage record: the budgets are charged what the record says, and their hold goes back.
            await budget.SettleAsync(recorded.InputTokens, recorded.OutputTokens).ConfigureAwait(false);
        }

        db.ChatMessages.Add(message);
        await db.Conversations.Where(ConversationStore.OwnedBy(userId)).Where(c => c.Id == conversationId)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.UpdatedAt, now), CancellationToken.None).ConfigureAwait(false);
        try
        {
            await db.SaveChangesAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (DbUpdateException ex)
        {
            // The conversation was deleted while the answer streamed; the answer has nowhere to go.
            LogDiscarded(logger, ex, conversationId);
        }

        // A refusal has no upstream failure: the answer reports it by its kind all the same.
        return new ChatAnswer(message, upstream ?? (saved is null ? null : new ChatFailure(saved.Value.Kind)));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Chat answer failed with {Kind} (HTTP {Status}) in conversation {ConversationId}")]
    private static partial void LogFailure(ILogger logger, Exception exception, AnswerFailure kind, int? status, Guid conversationId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Answer of deleted conversation {ConversationId} discarded")]
    private static partial void LogDiscarded(ILogger logger, Exception exception, Guid conversationId);
}
