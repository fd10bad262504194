namespace SecureAiChat.Core.Results;

/// <summary>
/// The one way a service reports a refusal: done, or refused with one or more <see cref="Problem{TCode}"/>s, in which case
/// nothing was saved. Expected refusals (bad input, a rule, a limit) are results; exceptions are left for what no caller
/// can act on. A code converts implicitly, so a service writes <c>return TeamRefusal.NameTaken;</c>.
/// </summary>
public readonly record struct Result<TCode>
    where TCode : struct, Enum
{
    private readonly IReadOnlyList<Problem<TCode>>? _problems;

    private Result(IReadOnlyList<Problem<TCode>> problems) => _problems = problems;

    /// <summary>Done.</summary>
    public static Result<TCode> Ok => default;

    /// <summary>Why the action was refused; empty when it was done.</summary>
    public IReadOnlyList<Problem<TCode>> Problems => _problems ?? [];

    public bool Succeeded => Problems.Count == 0;

    /// <summary>The first problem's code, or null when the action was done.</summary>
    public TCode? Code => Succeeded ? null : Problems[0].Code;

    public static Result<TCode> Refused(TCode code, string? value = null, int? line = null) => new([new Problem<TCode>(code, value, line)]);

    public static Result<TCode> Refused(IReadOnlyList<Problem<TCode>> problems) => problems.Count == 0
        ? throw new ArgumentException("A refusal needs at least one problem.", nameof(problems))
        : new(problems);

    public static implicit operator Result<TCode>(TCode code) => Refused(code);

    public static implicit operator Result<TCode>(Problem<TCode> problem) => new([problem]);

    public override string ToString() => Succeeded ? "Ok" : "Refused: " + string.Join(", ", Problems);
}

/// <summary>
/// A <see cref="Result{TCode}"/> that carries what the action produced when it was done (the new id, the created row, a
/// count). A value or a code converts implicitly: <c>return grant.Id;</c> or <c>return BreakGlassProblem.NotFound;</c>.
/// </summary>
public readonly record struct Result<T, TCode>
    where TCode : struct, Enum
{
    private readonly IReadOnlyList<Problem<TCode>>? _problems;

    private Result(T? value, IReadOnlyList<Problem<TCode>>? problems)
    {
        Value = value;
        _problems = problems;
    }

    /// <summary>What the action produced; default when it was refused.</summary>
    public T? Value { get; }

    public IReadOnlyList<Problem<TCode>> Problems => _problems ?? [];

    public bool Succeeded => Problems.Count == 0;

    public TCode? Code => Succeeded ? null : Problems[0].Code;

    public static Result<T, TCode> Ok(T value) => new(value, null);

    public static Result<T, TCode> Refused(TCode code, string? value = null, int? line = null) => new(default, [new Problem<TCode>(code, value, line)]);

    public static Result<T, TCode> Refused(IReadOnlyList<Problem<TCode>> problems) => problems.Count == 0
        ? throw new ArgumentException("A refusal needs at least one problem.", nameof(problems))
        : new(default, problems);

    public static implicit operator Result<T, TCode>(T value) => Ok(value);

    public static implicit operator Result<T, TCode>(TCode code) => Refused(code);

    public static implicit operator Result<T, TCode>(Problem<TCode> problem) => new(default, [problem]);

    /// <summary>The same refusal without a value, for a caller that passes it on.</summary>
    public Result<TCode> WithoutValue() => Succeeded ? Result<TCode>.Ok : Result<TCode>.Refused(Problems);

    public override string ToString() => Succeeded ? $"Ok: {Value}" : "Refused: " + string.Join(", ", Problems);
}
