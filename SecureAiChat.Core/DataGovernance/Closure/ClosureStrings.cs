using System.Globalization;
using System.Resources;

namespace SecureAiChat.Core.DataGovernance.Closure;

/// <summary>Localized messages of workspace closure (ClosureStrings.resx, Japanese default, English beside it).</summary>
public static class ClosureStrings
{
    private static readonly ResourceManager Resources = new("SecureAiChat.Core.DataGovernance.Closure.ClosureStrings", typeof(ClosureStrings).Assembly);

    public static string Get(string name, CultureInfo? culture = null, params object?[] args)
    {
        var c = culture ?? CultureInfo.CurrentUICulture;
        var format = Resources.GetString(name, c) ?? throw new InvalidOperationException($"Missing closure resource '{name}'.");
        return args.Length == 0 ? format : string.Format(c, format, args);
    }
}
