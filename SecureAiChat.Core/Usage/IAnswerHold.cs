using SecureAiChat.Core.Data;

namespace SecureAiChat.Core.Usage;

/// <summary>
/// Something else an answer must fit in, taken inside the reservation's transaction (all or nothing with the tokens and
/// the slot) and returned by disposing it when the answer was not settled. Budgets implement it (their
/// <c>BudgetHold</c>); the allowance takes it through this interface because Budgets prices usage with Usage's pricing,
/// periods and records, so Usage may not depend on Budgets.
/// </summary>
public interface IAnswerHold : IAsyncDisposable
{
    /// <summary>
    /// Inside the caller's transaction, on <paramref name="db"/>: takes the hold. When it is not
    /// <see cref="AnswerHoldTake.Taken"/> the transaction has been rolled back.
    /// </summary>
    Task<AnswerHoldTake> TakeAsync(AppDbContext db, DateTime now, TimeSpan lifetime, CancellationToken cancellationToken);

    /// <summary>Creates the rows <see cref="AnswerHoldTake.NotReady"/> missed (outside any transaction); the take is then retried once.</summary>
    Task PrepareAsync(AppDbContext db, CancellationToken cancellationToken);
}

/// <summary>The outcome of <see cref="IAnswerHold.TakeAsync"/>.</summary>
public enum AnswerHoldTake
{
    Taken,

    /// <summary>No room: the answer is refused (<see cref="Answers.AnswerFailure.BudgetExceeded"/>).</summary>
    Refused,

    /// <summary>A row the hold needs does not exist yet: <see cref="IAnswerHold.PrepareAsync"/>, then take again.</summary>
    NotReady,
}
