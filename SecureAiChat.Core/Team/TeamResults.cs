using SecureAiChat.Core.Plans;

namespace SecureAiChat.Core.Team;

/// <summary>Why a team action was refused; the page shows the matching localized message.</summary>
public enum TeamRefusal
{
    None = 0,
    NoAddresses,
    TooManyAddresses,
    InvalidAddress,
    DomainNotAllowed,
    AlreadyMember,
    AlreadyInvited,
    SeatsFull,
    RoleNotAllowed,
    NotFound,
    NotPending,
    NameRequired,
    NameTooLong,
    NameTaken,
    LastOpenDepartment,

    /// <summary>A legal hold is active on the department: deleting it would silently end the hold's protection.</summary>
    DepartmentOnHold,
}

/// <summary>One refusal, with the address and line it concerns when there is one.</summary>
public sealed record TeamProblem(TeamRefusal Reason, string? Value = null, int? Line = null);

/// <summary>The outcome of an action: done, or refused with reasons (nothing was saved then), plus the seats afterwards.</summary>
public sealed record TeamResult(IReadOnlyList<TeamProblem> Problems, SeatUsage Seats, int Count = 0)
{
    public bool Succeeded => Problems.Count == 0;

    public static TeamResult Refused(TeamRefusal reason, SeatUsage seats = default, string? value = null) => new([new TeamProblem(reason, value)], seats);
}
