using SecureAiChat.Core.Team;
using SecureAiChat.Core.Plans;

namespace SecureAiChat.Tests.Unit.Team;

public sealed class SeatUsageTests
{
    [Fact]
    public void Seats_in_use_are_active_members_plus_pending_invitations()
    {
        var seats = new SeatUsage(ActiveMembers: 6, PendingInvitations: 3, PlanSeats: 10);
        Assert.Equal(9, seats.Used);
        Assert.Equal(1, seats.Remaining);
        Assert.True(seats.CanAdd(1));
        Assert.False(seats.CanAdd(2));
    }

    [Fact]
    public void A_full_plan_has_no_remaining_seat_even_when_over_its_limit()
    {
        var seats = new SeatUsage(12, 0, 10); // e.g. after a downgrade
        Assert.Equal(0, seats.Remaining);
        Assert.False(seats.CanAdd(1));
    }

    [Fact]
    public void An_unlimited_plan_always_has_room()
    {
        var seats = new SeatUsage(5_000, 300, null);
        Assert.Null(seats.Remaining);
        Assert.True(seats.CanAdd(10_000));
        Assert.Equal(0, seats.Percent);
    }

    [Theory]
    [InlineData(7, 0, 10, 70)]
    [InlineData(6, 2, 10, 80)]
    [InlineData(49, 0, 50, 98)] // rounded down: never reads full before it is
    [InlineData(12, 0, 10, 120)]
    public void Percent_of_the_plans_seats_in_use(int active, int pending, int planSeats, int percent) =>
        Assert.Equal(percent, new SeatUsage(active, pending, planSeats).Percent);
}
