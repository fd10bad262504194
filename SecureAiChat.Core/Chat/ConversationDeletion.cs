using Microsoft.EntityFrameworkCore;
using SecureAiChat.Core.Data;

namespace SecureAiChat.Core.Chat;

/// <summary>
/// Why a member's request to delete their own conversation(s) was refused (nothing was deleted). The name stays from
/// when it also had "deleted": Data governance's rules return it (<see cref="IConversationDeletionRules"/>).
/// </summary>
public enum ConversationDeleteOutcome
{
    /// <summary>No such conversation of this member (another member's or workspace's behaves the same).</summary>
    NotFound = 1,

    /// <summary>The workspace turned off "members may delete their own conversations".</summary>
    NotAllowed = 2,

    /// <summary>The member (or their department) is under a legal hold.</summary>
    OnHold = 3,
}

/// <summary>
/// Why a member may not delete their own conversations now (a legal hold, the workspace's retention switch), or null
/// when they may. Data governance owns the rules and implements this; the interface lives here so the chat does not
/// depend on the feature above it.
/// </summary>
public interface IConversationDeletionRules
{
    Task<ConversationDeleteOutcome?> MemberRefusalAsync(AppDbContext db, string userId, CancellationToken cancellationToken = default);
}

/// <summary>
/// The one way conversations are deleted (a member's own delete, delete-all and retention): the messages, then the
/// conversations. Usage records stay: they are the workspace's bill and hold no content. Runs in the caller's
/// transaction when there is one.
/// </summary>
public static class ConversationDeletion
{
    public sealed record Counts(int Conversations, int Messages);

    /// <summary>Ids are taken once, then deleted in chunks, so the messages and conversations removed are the same set.</summary>
    public static async Task<Counts> DeleteAsync(AppDbContext db, IQueryable<Conversation> conversations, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var ids = await conversations.Select(c => c.Id).ToListAsync(cancellationToken);
        int deleted = 0, messages = 0;
        foreach (var chunk in ids.Chunk(500))
        {
            messages += await db.ChatMessages.Where(m => chunk.Contains(m.ConversationId)).ExecuteDeleteAsync(cancellationToken);
            deleted += await db.Conversations.Where(c => chunk.Contains(c.Id)).ExecuteDeleteAsync(cancellationToken);
        }

        return new Counts(deleted, messages);
    }
}
