namespace SecureAiChat.Core.Plans;

/// <summary>The support a plan includes.</summary>
public enum SupportLevel
{
    /// <summary>Documentation and chat.</summary>
    Basic,

    /// <summary>Chat and email on weekdays, plus a 30-minute setup session.</summary>
    Standard,

    /// <summary>Phone support and a dedicated customer success manager.</summary>
    Premium,

    /// <summary>24/7 support and on-site visits.</summary>
    Enterprise,
}
