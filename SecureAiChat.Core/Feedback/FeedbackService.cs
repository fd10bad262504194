using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Results;
using SecureAiChat.Core.Security;

namespace SecureAiChat.Core.Feedback;

/// <summary>Why feedback was not stored (resx keys <c>FeedbackError_X</c> of the Feedback feature).</summary>
public enum FeedbackError
{
    RatingRequired,
    TextTooLong,
    TooMany,
}

/// <summary>Stores in-app feedback of the current workspace, at most <c>Throttle:Feedback</c> per member.</summary>
public sealed class FeedbackService(IDbContextFactory<AppDbContext> contexts, TimeProvider time, AttemptThrottle throttle, IOptions<ThrottleOptions> throttleOptions)
{
    public const int MaxText = 4000;

    public async Task<Result<FeedbackError>> SubmitAsync(string userId, int rating, string? text, CancellationToken cancellationToken = default)
    {
        var errors = new List<Problem<FeedbackError>>();
        if (rating is < 1 or > 5) errors.Add(new(FeedbackError.RatingRequired));
        var clean = text?.Trim() ?? "";
        if (clean.Length > MaxText) errors.Add(new(FeedbackError.TextTooLong));
        if (errors.Count > 0) return Result<FeedbackError>.Refused(errors);
        // Per member (the form submits over the circuit; every member is signed in): a script cannot flood the operators' inbox.
        if (!(await throttle.TakeAsync(throttleOptions.Value.Feedback, userId, cancellationToken)).Allowed) return FeedbackError.TooMany;

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.FeedbackEntries.Add(new FeedbackEntry { UserId = userId, Rating = rating, Text = clean, CreatedAt = time.GetUtcNow() });
        await db.SaveChangesAsync(cancellationToken);
        return Result<FeedbackError>.Ok;
    }
}
