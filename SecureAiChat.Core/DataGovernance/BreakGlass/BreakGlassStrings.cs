using System.Globalization;
using System.Resources;

namespace SecureAiChat.Core.DataGovernance.BreakGlass;

/// <summary>Localized problems of the break-glass service (BreakGlassStrings.resx, Japanese default, English beside it).</summary>
public static class BreakGlassStrings
{
    private static readonly ResourceManager Resources = new("SecureAiChat.Core.DataGovernance.BreakGlass.BreakGlassStrings", typeof(BreakGlassStrings).Assembly);

    public static string Format(string name, CultureInfo? culture, params object?[] args)
    {
        var c = culture ?? CultureInfo.CurrentUICulture;
        return string.Format(c, Resources.GetString(name, c) ?? throw new InvalidOperationException($"Missing break-glass resource '{name}'."), args);
    }
}
