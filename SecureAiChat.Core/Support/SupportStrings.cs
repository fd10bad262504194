using System.Globalization;
using System.Resources;

namespace SecureAiChat.Core.Support;

/// <summary>Localized text of the support mails (SupportStrings.resx, Japanese default, English beside it).</summary>
public static class SupportStrings
{
    private static readonly ResourceManager Resources = new("SecureAiChat.Core.Support.SupportStrings", typeof(SupportStrings).Assembly);

    public static string Get(string name, CultureInfo? culture = null, params object?[] args)
    {
        var c = culture ?? CultureInfo.CurrentUICulture;
        var format = Resources.GetString(name, c) ?? throw new InvalidOperationException($"Missing support resource '{name}'.");
        return args.Length == 0 ? format : string.Format(c, format, args);
    }
}
