namespace SecureAiChat.Core.Security;

/// <summary>The session rules of the security settings, as pure functions (the web layer enforces them).</summary>
public static class SessionPolicy
{
    /// <summary>Idle timeouts an admin can choose (minutes; 0 = none).</summary>
    public static readonly IReadOnlyList<int> IdleTimeoutChoices = [0, 15, 30, 60, 120, 480];

    /// <summary>True when the session has been idle longer than the workspace allows.</summary>
    public static bool IsIdle(DateTimeOffset? lastActiveAt, DateTimeOffset now, int idleTimeoutMinutes) =>
        idleTimeoutMinutes > 0 && lastActiveAt is { } last && now - last > TimeSpan.FromMinutes(idleTimeoutMinutes);

    /// <summary>
    /// True when this member must set up an authenticator before continuing. A Microsoft (Entra ID) sign-in is
    /// exempt: the directory did the second factor (and its conditional access) already.
    /// </summary>
    public static bool MustSetUpTwoFactor(TwoFactorRequirement requirement, bool isAdmin, bool hasTwoFactor, bool signedInWithSso) =>
        !hasTwoFactor && !signedInWithSso && requirement switch
        {
            TwoFactorRequirement.Everyone => true,
            TwoFactorRequirement.Admins => isAdmin,
            _ => false,
        };
}
