namespace SecureAiChat.Core.Answers;

/// <summary>How an assistant answer ended. User messages are always <see cref="Completed"/>.</summary>
public enum MessageStatus
{
    Completed = 0,

    /// <summary>The member pressed Stop or closed the page; the partial text is kept.</summary>
    Stopped = 1,

    /// <summary>The upstream failed; the message's failure says why (<see cref="AnswerFailure"/>), partial text kept.</summary>
    Failed = 2,
}
