using Microsoft.Extensions.Localization;
using SecureAiChat.Core.Team;
using SecureAiChat.Core.Plans;

namespace SecureAiChat.Web.Features.Team;

/// <summary>The localized sentence for each refusal of the team pages.</summary>
public static class TeamMessages
{
    public static string Describe(IStringLocalizer<TeamStrings> l, TeamProblem problem, SeatUsage seats) => problem.Reason switch
    {
        TeamRefusal.SeatsFull => l["Refusal_SeatsFull", seats.Remaining ?? 0, problem.Value ?? "1", seats.PlanSeats ?? 0],
        TeamRefusal.InvalidAddress or TeamRefusal.DomainNotAllowed or TeamRefusal.AlreadyMember or TeamRefusal.AlreadyInvited when problem.Line is { } line =>
            l["Refusal_" + problem.Reason + "_Line", problem.Value ?? "", line],
        _ => l["Refusal_" + problem.Reason, problem.Value ?? ""],
    };

    public static string Describe(IStringLocalizer<TeamStrings> l, MemberChangeRefusal refusal) => l["MemberRefusal_" + refusal];
}
