using Microsoft.Extensions.Localization;
using SecureAiChat.Core.Plans;
using SecureAiChat.Core.Results;
using SecureAiChat.Core.Team;
using SecureAiChat.Web.Components.Shared;

namespace SecureAiChat.Web.Features.Team;

/// <summary>
/// The team pages' refusals: every code is worded by <see cref="ProblemText"/> except SeatsFull, whose sentence also names
/// the seats left and the plan's seats, which the problem does not hold.
/// </summary>
public static class TeamMessages
{
    public static string Describe(IStringLocalizer<TeamStrings> l, Problem<TeamRefusal> problem, SeatUsage seats) =>
        problem.Code == TeamRefusal.SeatsFull ? SeatsFull(l, problem, seats) : l.Describe(problem);

    public static string Describe(IStringLocalizer<TeamStrings> l, Problem<MemberChangeRefusal> problem, SeatUsage seats) =>
        problem.Code == MemberChangeRefusal.SeatsFull ? SeatsFull(l, problem, seats) : l.Describe(problem);

    private static string SeatsFull<TCode>(IStringLocalizer<TeamStrings> l, Problem<TCode> problem, SeatUsage seats) where TCode : struct, Enum =>
        l[ProblemText.Key(problem.Code), seats.Remaining ?? 0, problem.Value ?? "1", seats.PlanSeats ?? 0];
}
