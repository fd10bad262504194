using SecureAiChat.Core.Data;

namespace SecureAiChat.Core.Security;

/// <summary>
/// The attempt count of one throttle partition (a rule and a client address, or an address and an account) in its
/// current fixed window. Kept in the database so that several app instances share one count. Global: an address
/// is throttled across all workspaces. The key is a hash, so neither addresses nor emails are stored in clear.
/// </summary>
public sealed class ThrottleWindow : IGlobalEntity
{
    /// <summary>SHA-256 (hex) of rule name and partition.</summary>
    public string Key { get; set; } = "";

    /// <summary>Start of the window in Unix seconds (an integer compares the same way on every provider).</summary>
    public long WindowStart { get; set; }

    public int Count { get; set; }
}
