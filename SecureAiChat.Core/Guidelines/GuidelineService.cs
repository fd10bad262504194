using Microsoft.EntityFrameworkCore;
using SecureAiChat.Core.Audit;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Results;

namespace SecureAiChat.Core.Guidelines;

/// <summary>Why a guideline could not be saved or published (resx keys <c>GuidelineError_X</c> of the Guidelines feature).</summary>
public enum GuidelineError
{
    TitleRequired,
    TitleTooLong,
    BodyRequired,
    BodyTooLong,
}

/// <summary>One person and whether they accepted the current version (for the admin's list).</summary>
public sealed record GuidelineAcceptanceRow(string UserId, string DisplayName, string Email, DateTimeOffset? AcceptedAt);

/// <summary>
/// The usage guideline of the current workspace: the admin's draft, numbered published versions and who
/// accepted which. Publishing a version means everyone must accept it before their next chat; the
/// publisher accepts by publishing.
/// </summary>
public sealed class GuidelineService(IDbContextFactory<AppDbContext> contexts, TimeProvider time, IAuditLog audit)
{
    public const int MaxTitle = 200, MaxBody = 20000;

    public async Task<UsageGuideline> GetDraftAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.UsageGuidelines.AsNoTracking().FirstOrDefaultAsync(cancellationToken) ?? new UsageGuideline();
    }

    public async Task<GuidelineVersion?> CurrentAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.GuidelineVersions.AsNoTracking().OrderByDescending(v => v.Number).FirstOrDefaultAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<GuidelineVersion>> VersionsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.GuidelineVersions.AsNoTracking().OrderByDescending(v => v.Number).ToListAsync(cancellationToken);
    }

    /// <summary>Saves the draft without publishing it.</summary>
    public async Task<Result<GuidelineError>> SaveDraftAsync(string title, string body, CancellationToken cancellationToken = default)
    {
        var errors = Validate(title, body);
        if (errors.Count > 0) return Result<GuidelineError>.Refused(errors);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await WriteDraftAsync(db, title, body, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return Result<GuidelineError>.Ok;
    }

    /// <summary>Saves the draft and publishes it as the next version (draft, version and the publisher's acceptance in one save); the version's number.</summary>
    public async Task<Result<int, GuidelineError>> PublishAsync(string userId, string title, string body, CancellationToken cancellationToken = default)
    {
        var errors = Validate(title, body);
        if (errors.Count > 0) return Result<int, GuidelineError>.Refused(errors);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow();
        var draft = await WriteDraftAsync(db, title, body, cancellationToken);
        draft.IsPublished = true;
        draft.PublishedAt = now;
        var number = (await db.GuidelineVersions.MaxAsync(v => (int?)v.Number, cancellationToken) ?? 0) + 1;
        db.GuidelineVersions.Add(new GuidelineVersion { Number = number, Title = draft.Title, Body = draft.Body, PublishedByUserId = userId, PublishedAt = now });
        db.GuidelineAcceptances.Add(new GuidelineAcceptance { UserId = userId, VersionNumber = number, AcceptedAt = now });
        audit.Record(db, AuditActions.GuidelinePublished, new AuditTarget("guideline", number.ToString(System.Globalization.CultureInfo.InvariantCulture), draft.Title));
        await db.SaveChangesAsync(cancellationToken);
        return number;
    }

    /// <summary>The version this person still has to accept before chatting; null when there is none.</summary>
    public async Task<int?> PendingVersionAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var current = await db.GuidelineVersions.MaxAsync(v => (int?)v.Number, cancellationToken);
        if (current is not { } number) return null;
        var accepted = await db.GuidelineAcceptances.AnyAsync(a => a.UserId == userId && a.VersionNumber == number, cancellationToken);
        return accepted ? null : number;
    }

    /// <summary>Records that the person accepted <paramref name="versionNumber"/> (the one they read); idempotent.</summary>
    public async Task<bool> AcceptAsync(string userId, int versionNumber, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (!await db.GuidelineVersions.AnyAsync(v => v.Number == versionNumber, cancellationToken)) return false;
        if (!await db.GuidelineAcceptances.AnyAsync(a => a.UserId == userId && a.VersionNumber == versionNumber, cancellationToken))
        {
            db.GuidelineAcceptances.Add(new GuidelineAcceptance { UserId = userId, VersionNumber = versionNumber, AcceptedAt = time.GetUtcNow() });
            await db.SaveChangesAsync(cancellationToken);
        }
        return true;
    }

    /// <summary>Every active person of the workspace and when they accepted <paramref name="versionNumber"/> (null: not yet).</summary>
    public async Task<IReadOnlyList<GuidelineAcceptanceRow>> AcceptancesAsync(int versionNumber, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var users = await db.Users.AsNoTracking().Where(u => u.IsActive).Select(u => new { u.Id, u.DisplayName, u.Email }).ToListAsync(cancellationToken);
        var accepted = await db.GuidelineAcceptances.AsNoTracking().Where(a => a.VersionNumber == versionNumber)
            .ToDictionaryAsync(a => a.UserId, a => a.AcceptedAt, cancellationToken);
        return users.Select(u => new GuidelineAcceptanceRow(u.Id, u.DisplayName, u.Email ?? "", accepted.TryGetValue(u.Id, out var at) ? at : null))
            .OrderBy(r => r.AcceptedAt is null ? 0 : 1).ThenBy(r => r.DisplayName, StringComparer.Ordinal).ToList();
    }

    private static async Task<UsageGuideline> WriteDraftAsync(AppDbContext db, string title, string body, CancellationToken cancellationToken)
    {
        var draft = await db.UsageGuidelines.FirstOrDefaultAsync(cancellationToken);
        if (draft is null) db.UsageGuidelines.Add(draft = new UsageGuideline());
        draft.Title = title.Trim();
        draft.Body = body.Trim();
        return draft;
    }

    private static List<Problem<GuidelineError>> Validate(string? title, string? body)
    {
        var errors = new List<Problem<GuidelineError>>();
        var t = title?.Trim() ?? "";
        var b = body?.Trim() ?? "";
        if (t.Length == 0) errors.Add(new(GuidelineError.TitleRequired));
        else if (t.Length > MaxTitle) errors.Add(new(GuidelineError.TitleTooLong));
        if (b.Length == 0) errors.Add(new(GuidelineError.BodyRequired));
        else if (b.Length > MaxBody) errors.Add(new(GuidelineError.BodyTooLong));
        return errors;
    }
}
