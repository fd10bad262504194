namespace SecureAiChat.Core.Data;

/// <summary>A row that stops counting at <see cref="ExpiresAt"/> and is then deleted by the housekeeping job.</summary>
public interface IExpiringRow
{
    Guid Id { get; }

    /// <summary>UTC.</summary>
    DateTime ExpiresAt { get; }
}
