using SecureAiChat.Core.Data;

namespace SecureAiChat.Core.Templates;

/// <summary>
/// How often a shared template was used on one day (in the workspace's time zone) by the members of one department:
/// what the analytics page's "most used templates" sums over its range and department filter, as it sums the usage
/// rollups, without reading each use. A use adds one to its day's row; two instances adding the first use of a day at
/// once may each insert a row, which the sums do not mind.
/// </summary>
public sealed class TemplateUseDay : ITenantLeadingIndexes, IDepartmentDay
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public string TenantId { get; set; } = "";

    public Guid TemplateId { get; set; }

    public DateOnly Day { get; set; }

    /// <summary>The member's department at the time of use; null: none.</summary>
    public Guid? DepartmentId { get; set; }

    public int Uses { get; set; }
}
