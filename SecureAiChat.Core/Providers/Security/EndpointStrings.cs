using System.Globalization;
using System.Resources;

namespace SecureAiChat.Core.Providers.Security;

/// <summary>Localized messages for refused endpoints (EndpointStrings.resx, ja default, en beside it).</summary>
public static class EndpointStrings
{
    private static readonly ResourceManager Resources =
        new("SecureAiChat.Core.Providers.Security.EndpointStrings", typeof(EndpointStrings).Assembly);

    /// <summary>The message explaining <paramref name="reason"/> in <paramref name="culture"/> (default: current UI culture).</summary>
    public static string ForReason(EndpointRejectionReason reason, CultureInfo? culture = null) =>
        Resources.GetString("Endpoint_" + reason, culture ?? CultureInfo.CurrentUICulture)
        ?? throw new InvalidOperationException($"Missing resource for {reason}.");
}
