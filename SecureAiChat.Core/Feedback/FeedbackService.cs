using Microsoft.EntityFrameworkCore;
using SecureAiChat.Core.Data;

namespace SecureAiChat.Core.Feedback;

/// <summary>Why feedback was not stored (resx keys of the Feedback feature).</summary>
public enum FeedbackError
{
    RatingRequired,
    TextTooLong,
}

/// <summary>Stores in-app feedback of the current workspace.</summary>
public sealed class FeedbackService(IDbContextFactory<AppDbContext> contexts, TimeProvider time)
{
    public const int MaxText = 4000;

    public async Task<IReadOnlyList<FeedbackError>> SubmitAsync(string userId, int rating, string? text, CancellationToken cancellationToken = default)
    {
        var errors = new List<FeedbackError>();
        if (rating is < 1 or > 5) errors.Add(FeedbackError.RatingRequired);
        var clean = text?.Trim() ?? "";
        if (clean.Length > MaxText) errors.Add(FeedbackError.TextTooLong);
        if (errors.Count > 0) return errors;

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.FeedbackEntries.Add(new FeedbackEntry { UserId = userId, Rating = rating, Text = clean, CreatedAt = time.GetUtcNow() });
        await db.SaveChangesAsync(cancellationToken);
        return [];
    }
}
