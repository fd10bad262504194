namespace SecureAiChat.Core.Results;

/// <summary>
/// One reason an action was refused: a code from the feature's own enum, plus the value and the line it concerns when there
/// is one (an address, a limit, a line of a pasted list). Core never words it; the page turns it into a localized sentence
/// (<c>ProblemText</c> in Web, resource key <c>{Enum name}_{Code}</c>, formatted with the value and the line).
/// </summary>
public sealed record Problem<TCode>(TCode Code, string? Value = null, int? Line = null)
    where TCode : struct, Enum
{
    public override string ToString() => Line is { } line ? $"{Code} ({Value}, line {line})" : Value is null ? Code.ToString() : $"{Code} ({Value})";
}
