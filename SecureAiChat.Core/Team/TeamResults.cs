using SecureAiChat.Core.Plans;

namespace SecureAiChat.Core.Team;

/// <summary>Why a team action was refused (the page words it, resource key <c>TeamRefusal_{Code}</c>).</summary>
public enum TeamRefusal
{
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

/// <summary>What an invitation action did: how many invitations it sent, resent or revoked, and the seats afterwards.</summary>
public readonly record struct TeamChange(int Count, SeatUsage Seats);
