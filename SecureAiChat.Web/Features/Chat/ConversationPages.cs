using SecureAiChat.Core.Chat;

namespace SecureAiChat.Web.Features.Chat;

/// <summary>
/// The sidebar's conversations as listed at one moment (one search, after one change): how many there are and the
/// first screenful, and a way to read any later page of the same list. The rest stays in the database: a member with
/// hundreds of conversations would otherwise hold every summary in the circuit for as long as the tab is open
/// (docs/benchmarks.md, figure 4). A change to the list is a new instance.
/// </summary>
public sealed class ConversationPages(int total, IReadOnlyList<ConversationSummary> first, ConversationPages.PageReader read)
{
    /// <summary>Reads <paramref name="take"/> rows of the list from the <paramref name="skip"/>th, newest first.</summary>
    public delegate Task<IReadOnlyList<ConversationSummary>> PageReader(int skip, int take, CancellationToken cancellationToken);

    /// <summary>Not read yet, or nothing to list.</summary>
    public static ConversationPages None { get; } = new(0, [], (_, _, _) => Task.FromResult<IReadOnlyList<ConversationSummary>>([]));

    /// <summary>How many rows the list has (a count query, not the rows).</summary>
    public int Total { get; } = total;

    /// <summary>The list's first rows, read with the count so that they render at once.</summary>
    public IReadOnlyList<ConversationSummary> First { get; } = first;

    /// <summary>The member's conversations (with <paramref name="search"/>): the count and the first <paramref name="firstPage"/> rows.</summary>
    public static async Task<ConversationPages> ReadAsync(ConversationStore store, string userId, string? search, int firstPage, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var total = await store.CountAsync(userId, search, cancellationToken);
        var first = total == 0 ? [] : await store.PageAsync(userId, search, 0, firstPage, cancellationToken);
        return new ConversationPages(total, first, (skip, take, token) => store.PageAsync(userId, search, skip, take, token));
    }

    public Task<IReadOnlyList<ConversationSummary>> ReadAsync(int skip, int take, CancellationToken cancellationToken) => read(skip, take, cancellationToken);
}
