namespace SecureAiChat.Core.Results;

/// <summary>
/// One reason an action was refused: a code from the feature's own enum, plus the value and the line it concerns when there
/// is one (an address, a limit, a line of a pasted list), and the form field it belongs to when the form has one for it
/// (the name of the input's property, so the page shows the sentence under that input). Core never words it; the page
/// turns it into a localized sentence (<c>ProblemText</c> in Web, resource key <c>{Enum name}_{Code}</c>, formatted with
/// the value and the line).
/// </summary>
public sealed record Problem<TCode>(TCode Code, string? Value = null, int? Line = null, string? Field = null)
    where TCode : struct, Enum
{
    public override string ToString()
    {
        var details = new List<string>(3);
        if (Value is not null) details.Add(Value);
        if (Line is { } line) details.Add($"line {line}");
        if (Field is not null) details.Add($"field {Field}");
        return details.Count == 0 ? Code.ToString() : $"{Code} ({string.Join(", ", details)})";
    }
}
