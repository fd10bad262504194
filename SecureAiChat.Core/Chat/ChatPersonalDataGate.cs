using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.AI;
using SecureAiChat.Core.Audit;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.PersonalData;
using SecureAiChat.Core.Providers.Pipeline;
using SecureAiChat.Core.Tenancy;
using AiChatMessage = Microsoft.Extensions.AI.ChatMessage;

namespace SecureAiChat.Core.Chat;

/// <summary>
/// The workspace's personal-data policy on the chat: what the input asks the member before sending
/// (<see cref="PreviewAsync"/>) and the guard every turn passes before the model is called (<see cref="CheckAsync"/>).
/// Findings go to the audit log with categories, counts and actions, never values.
/// </summary>
public sealed class ChatPersonalDataGate(
    IDbContextFactory<AppDbContext> dbFactory,
    ICurrentTenant currentTenant,
    IMultiTenantContextAccessor<AppTenantInfo> tenantContext,
    PersonalDataScanner scanner,
    PersonalDataPolicyService policies,
    IAuditLog audit)
{
    /// <summary>
    /// Applies the policy to the newest user message (a new, edited, template-filled or regenerated one alike: they all
    /// end here). Returns the masking for the pipeline, or the failure when a category blocks: then no request is
    /// made at all. This is the guard whatever the chat input checked before sending.
    /// </summary>
    public async Task<(PersonalDataProtection Protection, MessageFailure? Blocked)> CheckAsync(
        string tenantId, Guid conversationId, List<AiChatMessage> history, WarnedValues warned, CancellationToken cancellationToken)
    {
        var policy = await policies.ForMessagesAsync(tenantId, cancellationToken);
        var cultureName = tenantContext.MultiTenantContext.TenantInfo?.DefaultCulture;
        var culture = CultureInfo.GetCultureInfo(string.IsNullOrEmpty(cultureName) ? "ja-JP" : cultureName);
        var latestIndex = history.FindLastIndex(m => m.Role == ChatRole.User);
        var latest = latestIndex < 0 ? "" : history[latestIndex].Text;
        var decision = scanner.Decide(latest, policy);
        var sendWarnedAsIs = warned == WarnedValues.SendAsIs && !HasWarnedValues(history.Take(Math.Max(latestIndex, 0)).Select(m => m.Text), policy);
        // The pipeline masks what the policy says to mask in every message of the request: with the Warn categories
        // turned to Mask, the warned values of the newest message and of the history become placeholders too.
        var protection = new PersonalDataProtection(scanner, sendWarnedAsIs ? policy : WarnedMasked(policy), culture);
        var counts = decision.CountsByCategory();
        if (counts.Count == 0 && decision.TimedOutTerms.Count == 0)
        {
            return (protection, null);
        }

        var blocking = decision.Outcome == PolicyOutcome.Block;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        RecordDetection(db, conversationId, decision, policy, blocking, decision.Warned.Count == 0 ? null : sendWarnedAsIs ? WarnedValues.SendAsIs : WarnedValues.Mask);
        await db.SaveChangesAsync(cancellationToken);
        return blocking ? (protection, MessageFailure.PersonalDataBlocked(BlockedCategories(decision))) : (protection, null);
    }

    /// <summary>
    /// What the policy says about a text the member is about to send (a new message, or the replacement or
    /// regeneration of the last one), for the chat input to ask before sending. A blocked text is recorded in the audit
    /// log here (categories and counts, never values), since it will not reach <see cref="CheckAsync"/>.
    /// </summary>
    public async Task<PersonalDataPreview> PreviewAsync(
        string userId, Guid? conversationId, string text, bool replacesLastUserMessage, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var policy = await policies.ForMessagesAsync(currentTenant.TenantId ?? throw new InvalidOperationException("No tenant is set."), cancellationToken);
        var decision = scanner.Decide(text, policy);
        var earlier = new List<string>();
        // The earlier messages matter only to a text with warned values ("send as is" is offered when none of them holds
        // any): a long conversation's history is not read on every send for nothing (docs/benchmarks.md, figure 5c).
        if (decision.Warned.Count > 0 && conversationId is { } id && await db.Conversations.Where(ConversationStore.OwnedBy(userId)).AnyAsync(c => c.Id == id, cancellationToken))
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
        policy.Actions.Values.Contains(PersonalDataAction.Warn) && texts.Any(t => scanner.Decide(t, policy).Warned.Count > 0);

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
}
