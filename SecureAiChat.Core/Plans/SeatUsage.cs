namespace SecureAiChat.Core.Plans;

/// <summary>
/// Seats in use = active members + pending (unexpired, unrevoked, unaccepted) invitations; the plan caps the sum.
/// Deactivated members hold no seat.
/// </summary>
public readonly record struct SeatUsage(int ActiveMembers, int PendingInvitations, int? PlanSeats)
{
    public int Used => ActiveMembers + PendingInvitations;

    /// <summary>Whole percent of the plan's seats in use, rounded down; 0 when the plan is unlimited.</summary>
    public int Percent => PlanSeats is > 0 and var seats ? (int)Math.Min(999L, Used * 100L / seats) : 0;

    /// <summary>Free seats; null when the plan is unlimited.</summary>
    public int? Remaining => PlanSeats is { } seats ? Math.Max(0, seats - Used) : null;

    /// <summary>Whether <paramref name="additional"/> more people (invitations or reactivations) fit.</summary>
    public bool CanAdd(int additional) => PlanSeats is not { } seats || Used + additional <= seats;
}
