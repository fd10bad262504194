using SecureAiChat.Core.Data;

namespace SecureAiChat.Core.Team;

/// <summary>
/// A member designated by an admin as a manager of a department. Still a member in every other respect: the designation
/// only makes them an approver of "request more" on the department's budget and a recipient of its alerts.
/// </summary>
public sealed class DepartmentManager : ITenantOwned
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public string TenantId { get; set; } = "";

    public Guid DepartmentId { get; set; }

    public string UserId { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;
}
