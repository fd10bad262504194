using Microsoft.Extensions.Localization;
using SecureAiChat.Core.Results;

namespace SecureAiChat.Web.Components.Shared;

/// <summary>
/// The one way a page words a refusal: a <see cref="Problem{TCode}"/> becomes the feature resource's
/// <c>{Enum name}_{Code}</c> string, formatted with the problem's value ({0}) and line ({1}). A problem that names a line
/// uses <c>{Enum name}_{Code}_Line</c> when the resource has it. A page words a code differently only where the sentence
/// needs more than the problem holds (the seats left, say), and then before calling this.
/// </summary>
public static class ProblemText
{
    public static string Describe<TCode>(this IStringLocalizer localizer, Problem<TCode> problem)
        where TCode : struct, Enum
    {
        var key = Key(problem.Code);
        if (problem.Line is { } line && localizer[key + "_Line"] is { ResourceNotFound: false })
        {
            return localizer[key + "_Line", problem.Value ?? "", line];
        }
        return localizer[key, problem.Value ?? "", problem.Line ?? 0];
    }

    public static string Describe<TCode>(this IStringLocalizer localizer, TCode code, string? value = null)
        where TCode : struct, Enum => localizer.Describe(new Problem<TCode>(code, value));

    /// <summary>Every problem of a refused result, one sentence each; empty when it was done.</summary>
    public static IReadOnlyList<string> Describe<TCode>(this IStringLocalizer localizer, Result<TCode> result)
        where TCode : struct, Enum => [.. result.Problems.Select(localizer.Describe)];

    public static IReadOnlyList<string> Describe<T, TCode>(this IStringLocalizer localizer, Result<T, TCode> result)
        where TCode : struct, Enum => [.. result.Problems.Select(localizer.Describe)];

    /// <summary>The resource key of a code: <c>TeamRefusal_SeatsFull</c>.</summary>
    public static string Key<TCode>(TCode code) where TCode : struct, Enum => typeof(TCode).Name + "_" + code;
}
