using Microsoft.EntityFrameworkCore;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Results;

namespace SecureAiChat.Core.Satisfaction;

/// <summary>Why an answer was not stored (resx keys <c>SurveyError_X</c> of the survey).</summary>
public enum SurveyError
{
    ScoreRequired,
    CommentTooLong,
}

/// <summary>
/// The member's side of the monthly survey (<see cref="SurveySchedule"/>): whether to ask, the answer, the dismissal. Either
/// settles the month; the unique index keeps one row per member and month even if two tabs answer at once.
/// </summary>
public sealed class SatisfactionSurvey(IDbContextFactory<AppDbContext> contexts, TimeProvider time)
{
    public async Task<bool> IsDueAsync(string userId, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var member = await db.Users.AsNoTracking().Where(u => u.Id == userId && u.IsActive).Select(u => new { u.CreatedAt }).SingleOrDefaultAsync(cancellationToken);
        if (member is null) return false;
        var month = SurveySchedule.MonthOf(now);
        var settled = await db.SatisfactionResponses.AsNoTracking().Where(r => r.UserId == userId && r.Month == month).Select(r => r.Month).ToListAsync(cancellationToken);
        return SurveySchedule.IsDue(now, member.CreatedAt, settled);
    }

    public async Task<Result<SurveyError>> AnswerAsync(string userId, int score, string? comment, CancellationToken cancellationToken = default)
    {
        var clean = string.IsNullOrWhiteSpace(comment) ? null : comment.Trim();
        var errors = new List<Problem<SurveyError>>();
        if (score is < 1 or > 5) errors.Add(new(SurveyError.ScoreRequired));
        if (clean?.Length > SatisfactionResponse.MaxComment) errors.Add(new(SurveyError.CommentTooLong));
        if (errors.Count > 0) return Result<SurveyError>.Refused(errors);
        await SettleAsync(userId, score, clean, cancellationToken);
        return Result<SurveyError>.Ok;
    }

    /// <summary>The member closed the survey without answering: not asked again this month.</summary>
    public Task DismissAsync(string userId, CancellationToken cancellationToken = default) => SettleAsync(userId, null, null, cancellationToken);

    private async Task SettleAsync(string userId, int? score, string? comment, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var month = SurveySchedule.MonthOf(now);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await db.SatisfactionResponses.AnyAsync(r => r.UserId == userId && r.Month == month, cancellationToken)) return;
        db.SatisfactionResponses.Add(new SatisfactionResponse { UserId = userId, Month = month, Score = score, Comment = comment, AnsweredAt = now });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another tab settled the month first; the first answer stands.
            db.ChangeTracker.Clear();
            if (!await db.SatisfactionResponses.AnyAsync(r => r.UserId == userId && r.Month == month, cancellationToken)) throw;
        }
    }
}
