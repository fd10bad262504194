using Microsoft.EntityFrameworkCore;
using SecureAiChat.Core.Audit;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Results;
using SecureAiChat.Core.Tenancy;

namespace SecureAiChat.Core.Templates;

/// <summary>
/// The template library of the current workspace: shared templates plus the caller's personal ones.
/// Someone else's personal template is "not found", exactly like an id that does not exist.
/// </summary>
public sealed class PromptTemplateService(
    IDbContextFactory<AppDbContext> contexts, IAuditLog audit, IMultiTenantContextAccessor<AppTenantInfo> tenant, TimeProvider time)
{
    public const int MaxTitle = 100, MaxDescription = 400, MaxCategory = 40, MaxBody = 8000;

    public async Task<IReadOnlyList<PromptTemplate>> ListAsync(PromptTemplateUser user, string? search = null, string? category = null, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var query = db.PromptTemplates.AsNoTracking().Where(t => t.OwnerUserId == null || t.OwnerUserId == user.UserId);
        if (!string.IsNullOrWhiteSpace(category)) query = query.Where(t => t.Category == category);
        if (!string.IsNullOrWhiteSpace(search))
        {
            var text = search.Trim();
            query = query.Where(t => t.Title.Contains(text) || t.Description.Contains(text) || t.Body.Contains(text) || t.Category.Contains(text));
        }
        // SQLite cannot order by DateTimeOffset: sort in memory (a library is small).
        var list = await query.ToListAsync(cancellationToken);
        return list.OrderBy(t => t.OwnerUserId is null ? 0 : 1).ThenBy(t => t.SortOrder == 0 ? int.MaxValue : t.SortOrder).ThenBy(t => t.CreatedAt).ToList();
    }

    public async Task<IReadOnlyList<string>> CategoriesAsync(PromptTemplateUser user, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.PromptTemplates.Where(t => (t.OwnerUserId == null || t.OwnerUserId == user.UserId) && t.Category != "")
            .Select(t => t.Category).Distinct().OrderBy(c => c).ToListAsync(cancellationToken);
    }

    public async Task<PromptTemplate?> FindAsync(PromptTemplateUser user, Guid id, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.PromptTemplates.AsNoTracking().SingleOrDefaultAsync(t => t.Id == id && (t.OwnerUserId == null || t.OwnerUserId == user.UserId), cancellationToken);
    }

    /// <summary>Admins edit every shared template; a member edits personal ones and shared ones they wrote while sharing is allowed.</summary>
    public static bool CanEdit(PromptTemplateUser user, PromptTemplate template, bool membersMayShare) =>
        template.OwnerUserId == user.UserId
        || (template.IsShared && (user.IsAdmin || (membersMayShare && template.CreatedByUserId == user.UserId)));

    public async Task<bool> MembersMayShareAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.PromptLibrarySettings.Select(s => s.MembersMayShare).SingleOrDefaultAsync(cancellationToken);
    }

    public async Task SetMembersMayShareAsync(PromptTemplateUser user, bool allowed, CancellationToken cancellationToken = default)
    {
        if (!user.IsAdmin) throw new UnauthorizedAccessException("Only admins change the template library's settings.");
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var settings = await db.PromptLibrarySettings.SingleOrDefaultAsync(cancellationToken);
        if (settings is null) db.PromptLibrarySettings.Add(settings = new PromptLibrarySettings());
        settings.MembersMayShare = allowed;
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Creates (<paramref name="id"/> null) or updates a template; refused, nothing is saved.</summary>
    public async Task<Result<PromptTemplateError>> SaveAsync(PromptTemplateUser user, Guid? id, PromptTemplateDraft draft, CancellationToken cancellationToken = default)
    {
        var errors = Validate(draft);
        var membersMayShare = await MembersMayShareAsync(cancellationToken);
        if (draft.Shared && !user.IsAdmin && !membersMayShare) errors.Add(new(PromptTemplateError.SharingNotAllowed));
        if (errors.Count > 0) return Result<PromptTemplateError>.Refused(errors);

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        PromptTemplate? template;
        if (id is { } existing)
        {
            template = await db.PromptTemplates.SingleOrDefaultAsync(t => t.Id == existing && (t.OwnerUserId == null || t.OwnerUserId == user.UserId), cancellationToken);
            if (template is null || !CanEdit(user, template, membersMayShare)) return PromptTemplateError.NotFound;
        }
        else
        {
            template = new PromptTemplate { CreatedByUserId = user.UserId };
            db.PromptTemplates.Add(template);
        }

        template.Title = draft.Title.Trim();
        template.Description = draft.Description.Trim();
        template.Category = draft.Category.Trim();
        template.Body = draft.Body.Trim();
        template.OwnerUserId = draft.Shared ? null : user.UserId;
        // Shared templates are the workspace's; a private one is its owner's own business.
        if (template.OwnerUserId is null || db.Entry(template).Property(t => t.OwnerUserId).OriginalValue is null) audit.Record(db, id is null ? AuditActions.TemplateCreated : AuditActions.TemplateChanged, new AuditTarget("template", template.Id.ToString(), template.Title));
        await db.SaveChangesAsync(cancellationToken);
        return Result<PromptTemplateError>.Ok;
    }

    public async Task<bool> DeleteAsync(PromptTemplateUser user, Guid id, CancellationToken cancellationToken = default)
    {
        var membersMayShare = await MembersMayShareAsync(cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var template = await db.PromptTemplates.SingleOrDefaultAsync(t => t.Id == id && (t.OwnerUserId == null || t.OwnerUserId == user.UserId), cancellationToken);
        if (template is null || !CanEdit(user, template, membersMayShare)) return false;
        db.PromptTemplates.Remove(template);
        if (template.OwnerUserId is null) audit.Record(db, AuditActions.TemplateDeleted, new AuditTarget("template", template.Id.ToString(), template.Title));
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    /// <summary>
    /// Counts one use (the filled prompt went into a chat input): on the template, and for a shared one on its day and
    /// the member's department (<see cref="TemplateUseDay"/>, what the analytics page sums). Each count is one UPDATE,
    /// so concurrent uses on any instance are not lost.
    /// </summary>
    public async Task RecordUseAsync(PromptTemplateUser user, Guid id, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var shared = await db.PromptTemplates.Where(t => t.Id == id && (t.OwnerUserId == null || t.OwnerUserId == user.UserId))
            .Select(t => (bool?)(t.OwnerUserId == null)).SingleOrDefaultAsync(cancellationToken);
        if (shared is null) return;
        await db.PromptTemplates.Where(t => t.Id == id).ExecuteUpdateAsync(s => s.SetProperty(t => t.UsageCount, t => t.UsageCount + 1), cancellationToken);
        if (shared is not true) return;

        var department = await db.Users.Where(u => u.Id == user.UserId).Select(u => u.DepartmentId).SingleOrDefaultAsync(cancellationToken);
        var day = WorkspaceTime.Day(time.GetUtcNow(), WorkspaceTime.Zone(tenant.MultiTenantContext.TenantInfo?.TimeZoneId));
        var counted = await db.TemplateUseDays.Where(u => u.Day == day && u.TemplateId == id && u.DepartmentId == department)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.Uses, u => u.Uses + 1), cancellationToken);
        if (counted == 0)
        {
            // The day's first use: a row of its own. Another instance inserting the same day's first row at the same
            // moment leaves two rows, which the analytics' sums count together.
            db.TemplateUseDays.Add(new TemplateUseDay { TemplateId = id, Day = day, DepartmentId = department, Uses = 1 });
            await db.SaveChangesAsync(cancellationToken);
        }
    }

    private static List<Problem<PromptTemplateError>> Validate(PromptTemplateDraft draft)
    {
        var errors = new List<Problem<PromptTemplateError>>();
        var title = draft.Title?.Trim() ?? "";
        var body = draft.Body?.Trim() ?? "";
        if (title.Length == 0) errors.Add(new(PromptTemplateError.TitleRequired));
        else if (title.Length > MaxTitle) errors.Add(new(PromptTemplateError.TitleTooLong));
        if ((draft.Description?.Trim().Length ?? 0) > MaxDescription) errors.Add(new(PromptTemplateError.DescriptionTooLong));
        if ((draft.Category?.Trim().Length ?? 0) > MaxCategory) errors.Add(new(PromptTemplateError.CategoryTooLong));
        if (body.Length == 0) errors.Add(new(PromptTemplateError.BodyRequired));
        else if (body.Length > MaxBody) errors.Add(new(PromptTemplateError.BodyTooLong));
        return errors;
    }
}
