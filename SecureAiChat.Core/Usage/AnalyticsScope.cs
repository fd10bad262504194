namespace SecureAiChat.Core.Usage;

/// <summary>
/// The part of the workspace's usage a viewer may see: all of it (Owners, Admins, Auditors) or only the departments
/// they manage (部門管理者). Every figure, filter and CSV of the analytics goes through it, so a department manager
/// cannot reach another department's figures by a filter value or a URL.
/// </summary>
public sealed record AnalyticsScope
{
    private AnalyticsScope(IReadOnlySet<Guid>? departments) => Departments = departments;

    /// <summary>The whole workspace.</summary>
    public static readonly AnalyticsScope Workspace = new((IReadOnlySet<Guid>?)null);

    /// <summary>Only <paramref name="departments"/> (none: nothing at all).</summary>
    public static AnalyticsScope Of(IEnumerable<Guid> departments) => new(departments.ToHashSet());

    /// <summary>The departments in scope; null for the whole workspace.</summary>
    public IReadOnlySet<Guid>? Departments { get; }

    public bool IsWorkspace => Departments is null;

    /// <summary>True when the viewer sees nothing (a member who manages no department).</summary>
    public bool IsEmpty => Departments is { Count: 0 };

    /// <summary>Whether a department filter (or <see cref="AnalyticsFilter.NoDepartment"/>) stays inside the scope.</summary>
    public bool Allows(Guid department) => Departments?.Contains(department) ?? true;
}
