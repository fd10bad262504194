using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SecureAiChat.Core.Audit;
using SecureAiChat.Core.Budgets;
using SecureAiChat.Core.Chat.Rendering;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.DataGovernance;
using SecureAiChat.Core.PersonalData;
using SecureAiChat.Core.Providers;
using SecureAiChat.Core.Providers.Pipeline;
using SecureAiChat.Core.Settings;
using SecureAiChat.Core.Telemetry;
using SecureAiChat.Core.Tenancy;
using SecureAiChat.Core.Usage;
using AiChatMessage = Microsoft.Extensions.AI.ChatMessage;

namespace SecureAiChat.Core.Chat;

/// <summary>A line of the sidebar.</summary>
public sealed record ConversationSummary(Guid Id, string Title, string Model, DateTime UpdatedAt);

/// <summary>A conversation with its messages, oldest first (read-only snapshot).</summary>
public sealed record ConversationDetail(Guid Id, string Title, string Model, string? SystemPrompt, IReadOnlyList<ConversationMessage> Messages);

/// <summary>How an answer ended: the saved assistant message and, when it failed, why.</summary>
public sealed record ChatAnswer(ConversationMessage Message, ChatFailure? Failure);

/// <summary>Thrown when a member's message breaks the input rules (empty or over the limit).</summary>
public sealed class ChatInputException(string message) : ArgumentException(message);

/// <summary>
/// Conversations of the signed-in member and the streaming of answers. Every query is scoped to the
/// member: another member's (or tenant's) conversation id behaves exactly like an unknown id.
/// The user message is saved before the model is called; the answer is saved once when it ends
/// (completed, stopped or failed, partial text kept) together with one usage record; nothing is
/// written per token and no transaction is held open while the model streams.
/// </summary>
public sealed partial class ChatService(
    IDbContextFactory<AppDbContext> dbFactory,
    ICurrentTenant currentTenant,
    IMultiTenantContextAccessor<AppTenantInfo> tenantContext,
    TenantScopeFactory tenantScopes,
    TenantChatClientFactory clients,
    TokenAllowance allowance,
    BudgetGate budgets,
    AnswerSlots slots,
    TokenCounter tokenCounter,
    ChatHistoryTrimmer trimmer,
    ChatMarkdownRenderer renderer,
    PersonalDataScanner personalDataScanner,
    PersonalDataPolicyService personalDataPolicies,
    IAuditLog audit,
    ProductMetrics metrics,
    AnswerDrain drain,
    IOptions<ChatServiceOptions> options,
    TimeProvider time,
    ILogger<ChatService> logger)
{
    private const int TitleLength = 40;

    /// <summary>The limits in force.</summary>
    public ChatServiceOptions Options => options.Value;

    /// <summary>The member's conversations, newest first, optionally filtered by a search over titles and message text.</summary>
    public async Task<IReadOnlyList<ConversationSummary>> ListAsync(string userId, string? search = null, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = db.Conversations.AsNoTracking().Where(c => c.UserId == userId);
        if (!string.IsNullOrWhiteSpace(search))
        {
            var pattern = "%" + EscapeLike(search.Trim()) + "%";
            // LIKE ignores case on SQLite (ASCII) and on SQL Server's default collation, but not on PostgreSQL: ILIKE there.
            query = db.Database.IsNpgsql()
                ? query.Where(c => EF.Functions.ILike(c.Title, pattern, "\\")
                    || c.Messages.Any(m => EF.Functions.ILike(m.Content, pattern, "\\")))
                : query.Where(c => EF.Functions.Like(c.Title, pattern, "\\")
                    || c.Messages.Any(m => EF.Functions.Like(m.Content, pattern, "\\")));
        }

        return await query.OrderByDescending(c => c.UpdatedAt)
            .Select(c => new ConversationSummary(c.Id, c.Title, c.Model, c.UpdatedAt))
            .Take(500)
            .ToListAsync(cancellationToken);
    }

    /// <summary>The member's conversation with its messages, or null when it does not exist or is not theirs.</summary>
    public async Task<ConversationDetail?> GetAsync(string userId, Guid conversationId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var conversation = await db.Conversations.AsNoTracking()
            .SingleOrDefaultAsync(c => c.Id == conversationId && c.UserId == userId, cancellationToken);
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
    /// What an answer needs of the member's conversation: its model, system prompt and the messages' roles and
    /// text, oldest first. Not their stored HTML, which is most of a long conversation's bytes.
    /// </summary>
    private async Task<(string Model, string? SystemPrompt, List<AiChatMessage> History)?> LoadForAnswerAsync(
        string userId, Guid conversationId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        // One round trip (this runs before every answer's first token): the conversation with its messages joined.
        var conversation = await db.Conversations.AsNoTracking()
            .Where(c => c.Id == conversationId && c.UserId == userId)
            .Select(c => new
            {
                c.Model,
                c.SystemPrompt,
                Messages = db.ChatMessages
                    .Where(m => m.ConversationId == c.Id && (m.Role == MessageRole.User || m.Content != ""))
                    .OrderBy(m => m.CreatedAt).ThenBy(m => m.Id)
                    .Select(m => new { m.Role, m.Content })
                    .ToList(),
            })
            .SingleOrDefaultAsync(cancellationToken);
        if (conversation is null)
        {
            return null;
        }

        var history = conversation.Messages.ConvertAll(m => new AiChatMessage(m.Role == MessageRole.User ? ChatRole.User : ChatRole.Assistant, m.Content));
        return (conversation.Model, conversation.SystemPrompt, history);
    }

    /// <summary>
    /// Saves the member's message, creating the conversation when <paramref name="conversationId"/> is null
    /// (titled from the message; no model call). Returns null when the conversation is not the member's.
    /// </summary>
    /// <exception cref="ChatInputException">The text is blank or longer than <see cref="ChatServiceOptions.MaxInputCharacters"/>.</exception>
    public async Task<ConversationMessage?> SendAsync(
        string userId, Guid? conversationId, string text, string? model = null, string? systemPrompt = null, CancellationToken cancellationToken = default)
    {
        ValidateInput(text);
        await clients.RefreshAsync(cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        Conversation? conversation;
        if (conversationId is { } id)
        {
            conversation = await db.Conversations.SingleOrDefaultAsync(c => c.Id == id && c.UserId == userId, cancellationToken);
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
                Title = MakeTitle(text),
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

    /// <summary>Replaces the text of the last user message and removes everything after it, ready to answer again.</summary>
    public async Task<ConversationMessage?> EditLastUserMessageAsync(string userId, Guid conversationId, string text, CancellationToken cancellationToken = default)
    {
        ValidateInput(text);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await OwnsAsync(db, userId, conversationId, cancellationToken))
        {
            return null;
        }

        var messages = await db.ChatMessages.Where(m => m.ConversationId == conversationId)
            .OrderBy(m => m.CreatedAt).ThenBy(m => m.Id).ToListAsync(cancellationToken);
        var lastUser = messages.FindLastIndex(m => m.Role == MessageRole.User);
        if (lastUser < 0)
        {
            return null;
        }

        messages[lastUser].Content = text;
        db.ChatMessages.RemoveRange(messages.Skip(lastUser + 1));
        await db.SaveChangesAsync(cancellationToken);
        return messages[lastUser];
    }

    /// <summary>Removes the answer(s) after the last user message (Regenerate and Retry answer that message again).</summary>
    public async Task<bool> RemoveLastAnswerAsync(string userId, Guid conversationId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await OwnsAsync(db, userId, conversationId, cancellationToken))
        {
            return false;
        }

        var messages = await db.ChatMessages.Where(m => m.ConversationId == conversationId)
            .OrderBy(m => m.CreatedAt).ThenBy(m => m.Id).ToListAsync(cancellationToken);
        var lastUser = messages.FindLastIndex(m => m.Role == MessageRole.User);
        if (lastUser < 0)
        {
            return false;
        }

        db.ChatMessages.RemoveRange(messages.Skip(lastUser + 1));
        await db.SaveChangesAsync(cancellationToken);
        return true;
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
        var conversation = await LoadForAnswerAsync(userId, conversationId, cancellationToken)
            ?? throw new InvalidOperationException("Conversation not found.");
        // The tenant's provider is read per answer: a switch or a new key applies to the next message.
        await clients.RefreshAsync(cancellationToken);
        var model = clients.Find(conversation.Model) ?? clients.DefaultModel;
        if (model is null)
        {
            var notConfigured = new ChatFailure(ChatFailureKind.Unknown, ProviderCode: ChatFailureCodes.NotConfigured);
            return await SaveAnswerAsync(tenantId, userId, conversationId, null, "", MessageStatus.Failed, ChatFailureCodes.NotConfigured, notConfigured, null, 0, null, startedAt);
        }

        var trimmed = trimmer.Trim(conversation.SystemPrompt, conversation.History, Options.ContextWindowTokens, Options.ReservedOutputTokens);
        if (trimmed.LatestMessageTooLarge)
        {
            var tooLarge = new ChatFailure(ChatFailureKind.BadRequest, ProviderCode: ChatFailureCodes.InputTooLarge);
            return await SaveAnswerAsync(tenantId, userId, conversationId, model, "", MessageStatus.Failed, ChatFailureCodes.InputTooLarge, tooLarge, null, 0, null, startedAt);
        }

        var (protection, blockCode) = await CheckPersonalDataAsync(tenantId, conversationId, conversation.History, warned, cancellationToken);
        if (blockCode is not null)
        {
            var blocked = new ChatFailure(ChatFailureKind.BadRequest, ProviderCode: blockCode);
            return await SaveAnswerAsync(tenantId, userId, conversationId, null, "", MessageStatus.Failed, blockCode, blocked, null, 0, null, startedAt);
        }

        return await StreamAnswerAsync(tenantId, userId, conversationId, model, trimmed, protection, onDelta, startedAt, cancellationToken).ConfigureAwait(false);
    }

    private async Task<ChatAnswer> StreamAnswerAsync(
        string tenantId, string userId, Guid conversationId, TenantChatModel model, ChatHistoryTrimResult trimmed,
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
            maxInput + Options.ReservedOutputTokens, 2 * Options.MaxAnswerDuration, budget, slots.SlotFor(userId), cancellationToken);
        await using var reservation = reserved.Lease;
        if (reservation is null)
        {
            var limitCode = reserved.RefusalCode!;
            var refused = new ChatFailure(ChatFailureKind.Unknown, ProviderCode: limitCode);
            return await SaveAnswerAsync(tenantId, userId, conversationId, null, "", MessageStatus.Failed, limitCode, refused, null, 0, null, startedAt);
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
                failure = new ChatFailure(ChatFailureKind.ContentFiltered, ProviderCode: "content_filter");
            }
        }
        catch (Exception ex)
        {
            // The pipeline already retried what may be retried (only before the first token).
            var classified = ChatFailureClassifier.Classify(ex, cancellationToken);
            if (drain.Interrupted.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                failure = new ChatFailure(ChatFailureKind.Cancelled, ProviderCode: ChatFailureCodes.Interrupted);
                status = MessageStatus.Failed;
            }
            else if (classified.Kind == ChatFailureKind.Cancelled)
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

        var code = failure is null ? null
            : failure.ProviderCode == "content_filter" ? nameof(ChatFailureKind.ContentFiltered)
            : failure.ProviderCode == ChatFailureCodes.Interrupted ? ChatFailureCodes.Interrupted
            : failure.Kind.ToString();
        var ttft = usage.FirstTextAt is { } first ? (int?)time.GetElapsedTime(startedAt, first).TotalMilliseconds : null;
        return await SaveAnswerAsync(tenantId, userId, conversationId, model, text.ToString(), status, code, failure, usage.Details, trimmed.EstimatedInputTokens, ttft, startedAt, budget).ConfigureAwait(false);
    }

    /// <summary>
    /// Applies the workspace's personal-data policy to the newest user message (a new, edited, template-filled or
    /// regenerated one alike: they all end here). Findings are recorded in the audit log with categories, counts and
    /// actions, never values. Returns the masking for the pipeline, or the failure code when a category blocks:
    /// then no request is made at all. This is the guard whatever the chat input checked before sending.
    /// </summary>
    private async Task<(PersonalDataProtection Protection, string? BlockCode)> CheckPersonalDataAsync(
        string tenantId, Guid conversationId, List<AiChatMessage> history, WarnedValues warned, CancellationToken cancellationToken)
    {
        var policy = await personalDataPolicies.ForMessagesAsync(tenantId, cancellationToken);
        var cultureName = tenantContext.MultiTenantContext.TenantInfo?.DefaultCulture;
        var culture = CultureInfo.GetCultureInfo(string.IsNullOrEmpty(cultureName) ? "ja-JP" : cultureName);
        var latestIndex = history.FindLastIndex(m => m.Role == ChatRole.User);
        var latest = latestIndex < 0 ? "" : history[latestIndex].Text;
        var decision = personalDataScanner.Decide(latest, policy);
        var sendWarnedAsIs = warned == WarnedValues.SendAsIs && !HasWarnedValues(history.Take(Math.Max(latestIndex, 0)).Select(m => m.Text), policy);
        // The pipeline masks what the policy says to mask in every message of the request: with the Warn categories
        // turned to Mask, the warned values of the newest message and of the history become placeholders too.
        var protection = new PersonalDataProtection(personalDataScanner, sendWarnedAsIs ? policy : WarnedMasked(policy), culture);
        var counts = decision.CountsByCategory();
        if (counts.Count == 0 && decision.TimedOutTerms.Count == 0)
        {
            return (protection, null);
        }

        var blocking = decision.Outcome == PolicyOutcome.Block;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        RecordDetection(db, conversationId, decision, policy, blocking, decision.Warned.Count == 0 ? null : sendWarnedAsIs ? WarnedValues.SendAsIs : WarnedValues.Mask);
        await db.SaveChangesAsync(cancellationToken);
        return blocking ? (protection, ChatFailureCodes.PersonalDataBlockedFor(BlockedCategories(decision))) : (protection, null);
    }

    /// <summary>
    /// What the workspace's policy says about a text the member is about to send (a new message, or the replacement or
    /// regeneration of the last one), for the chat input to ask before sending. A blocked text is recorded in the audit
    /// log here (categories and counts, never values), since it will not reach <see cref="AnswerAsync(string, Guid, Action{string}?, CancellationToken)"/>.
    /// </summary>
    public async Task<PersonalDataPreview> PreviewPersonalDataAsync(
        string userId, Guid? conversationId, string text, bool replacesLastUserMessage, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var policy = await personalDataPolicies.ForMessagesAsync(currentTenant.TenantId ?? throw new InvalidOperationException("No tenant is set."), cancellationToken);
        var decision = personalDataScanner.Decide(text, policy);
        var earlier = new List<string>();
        if (conversationId is { } id && await OwnsAsync(db, userId, id, cancellationToken))
        {
            var messages = await db.ChatMessages.AsNoTracking()
                .Where(m => m.ConversationId == id && (m.Role == MessageRole.User || m.Content != ""))
                .OrderBy(m => m.CreatedAt).ThenBy(m => m.Id)
                .Select(m => new { m.Role, m.Content })
                .ToListAsync(cancellationToken);
            var end = replacesLastUserMessage ? Math.Max(messages.FindLastIndex(m => m.Role == MessageRole.User), 0) : messages.Count;
            earlier.AddRange(messages.Take(end).Select(m => m.Content));
        }

        if (decision.Outcome == PolicyOutcome.Block)
        {
            RecordDetection(db, conversationId, decision, policy, blocking: true, warned: null);
            await db.SaveChangesAsync(cancellationToken);
        }

        return new PersonalDataPreview(decision, policy, BlockedCategories(decision),
            SendAsIsAllowed: decision.Warned.Count > 0 && !HasWarnedValues(earlier, policy));
    }

    private bool HasWarnedValues(IEnumerable<string> texts, PersonalDataPolicySettings policy) =>
        policy.Actions.Values.Contains(PersonalDataAction.Warn) && texts.Any(t => personalDataScanner.Decide(t, policy).Warned.Count > 0);

    private static PersonalDataPolicySettings WarnedMasked(PersonalDataPolicySettings policy) =>
        policy.Actions.Where(a => a.Value == PersonalDataAction.Warn).Aggregate(policy, (p, a) => p.With(a.Key, PersonalDataAction.Mask));

    // A pattern that ran out of time is reported as a custom term: which one matched (if any) is unknown.
    private static IReadOnlyList<PersonalDataCategory> BlockedCategories(PolicyDecision decision) =>
        [.. decision.Blocked.Select(f => f.Category)
            .Concat(decision.Outcome == PolicyOutcome.Block && decision.TimedOutTerms.Count > 0 ? [PersonalDataCategory.CustomTerm] : Array.Empty<PersonalDataCategory>())
            .Distinct().Order()];

    private void RecordDetection(AppDbContext db, Guid? conversationId, PolicyDecision decision, PersonalDataPolicySettings policy, bool blocking, WarnedValues? warned)
    {
        var counts = decision.CountsByCategory();
        audit.Record(db, AuditActions.PersonalDataDetected, new AuditTarget("conversation", conversationId?.ToString()), new
        {
            Outcome = blocking ? "Blocked" : "Sent",
            Categories = counts.OrderBy(c => c.Key).ToDictionary(c => c.Key.ToString(), c => new { Count = c.Value, Action = policy.ActionFor(c.Key).ToString() }),
            TimedOutPatterns = decision.TimedOutTerms.Count,
            Warned = warned?.ToString(),
        }, blocking ? AuditOutcome.Denied : AuditOutcome.Success);
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
        return await db.Conversations.Where(c => c.Id == conversationId && c.UserId == userId)
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
        return await db.Conversations.Where(c => c.Id == conversationId && c.UserId == userId)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.Model, allowed.Model).SetProperty(c => c.SystemPrompt, prompt), cancellationToken) == 1;
    }

    /// <summary>
    /// Deletes the member's conversation and its messages (usage records stay). Refused while the member is under a
    /// legal hold or when the workspace turned off members' own deletion; another member's conversation is not found.
    /// </summary>
    public async Task<ConversationDeleteOutcome> DeleteAsync(string userId, Guid conversationId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await OwnsAsync(db, userId, conversationId, cancellationToken))
        {
            return ConversationDeleteOutcome.NotFound;
        }

        if (await DataGovernanceService.MemberDeletionRefusalAsync(db, userId, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        var deleted = await ConversationDeletion.DeleteAsync(db, db.Conversations.Where(c => c.Id == conversationId && c.UserId == userId), cancellationToken);
        return deleted.Conversations == 1 ? ConversationDeleteOutcome.Deleted : ConversationDeleteOutcome.NotFound;
    }

    /// <summary>Deletes all of the member's conversations (usage records stay: they are the tenant's bill), with the same refusals.</summary>
    public async Task<ConversationDeleteAllResult> DeleteAllAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await DataGovernanceService.MemberDeletionRefusalAsync(db, userId, cancellationToken) is { } refusal)
        {
            return new ConversationDeleteAllResult(refusal, 0);
        }

        var deleted = await ConversationDeletion.DeleteAsync(db, db.Conversations.Where(c => c.UserId == userId), cancellationToken);
        return new ConversationDeleteAllResult(ConversationDeleteOutcome.Deleted, deleted.Conversations);
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

    /// <summary>Renders an answer's Markdown to safe HTML (for the message being streamed).</summary>
    public string Render(string markdown) => renderer.Render(markdown);

    private void ValidateInput(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new ChatInputException("The message is empty.");
        }

        if (text.Length > Options.MaxInputCharacters)
        {
            throw new ChatInputException($"The message is longer than {Options.MaxInputCharacters} characters.");
        }
    }

    private async Task<ChatAnswer> SaveAnswerAsync(
        string tenantId, string userId, Guid conversationId, TenantChatModel? model, string text, MessageStatus status, string? failureCode,
        ChatFailure? failure, UsageDetails? usage, int estimatedInput, int? timeToFirstTokenMs, long startedAt, BudgetHold? budget = null)
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
            FailureCode = failureCode,
            RetryAfterSeconds = failure?.RetryAfter is { } wait ? (int)Math.Ceiling(wait.TotalSeconds) : null,
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
            metrics.AnswerEnded(model.Source.ToString(), status.ToString().ToLowerInvariant(), failureCode, timeToFirstTokenMs, input, output);
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
        await db.Conversations.Where(c => c.Id == conversationId && c.UserId == userId)
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

        return new ChatAnswer(message, failure);
    }

    private static Task<bool> OwnsAsync(AppDbContext db, string userId, Guid conversationId, CancellationToken cancellationToken) =>
        db.Conversations.AnyAsync(c => c.Id == conversationId && c.UserId == userId, cancellationToken);

    private static string EscapeLike(string value) =>
        value.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_").Replace("[", "\\[");

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhitespacePattern();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Chat answer failed with {Kind} (HTTP {Status}) in conversation {ConversationId}")]
    private static partial void LogFailure(ILogger logger, Exception exception, ChatFailureKind kind, int? status, Guid conversationId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Answer of deleted conversation {ConversationId} discarded")]
    private static partial void LogDiscarded(ILogger logger, Exception exception, Guid conversationId);
}
