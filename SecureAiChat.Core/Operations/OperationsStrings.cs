using System.Globalization;
using System.Resources;

namespace SecureAiChat.Core.Operations;

/// <summary>Localized text of the mails operator actions send to Owners (OperationsStrings.resx, Japanese default, English beside it).</summary>
public static class OperationsStrings
{
    private static readonly ResourceManager Resources = new("SecureAiChat.Core.Operations.OperationsStrings", typeof(OperationsStrings).Assembly);

    public static string Get(string name, CultureInfo? culture = null, params object?[] args)
    {
        var c = culture ?? CultureInfo.CurrentUICulture;
        var format = Resources.GetString(name, c) ?? throw new InvalidOperationException($"Missing operations resource '{name}'.");
        return args.Length == 0 ? format : string.Format(c, format, args);
    }
}
