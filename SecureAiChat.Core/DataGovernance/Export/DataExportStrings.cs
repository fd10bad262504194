using System.Globalization;
using System.Resources;

namespace SecureAiChat.Core.DataGovernance.Export;

/// <summary>Localized problems of the export service (DataExportStrings.resx, Japanese default, English beside it).</summary>
public static class DataExportStrings
{
    private static readonly ResourceManager Resources = new("SecureAiChat.Core.DataGovernance.Export.DataExportStrings", typeof(DataExportStrings).Assembly);

    public static string Format(string name, CultureInfo? culture, params object?[] args)
    {
        var c = culture ?? CultureInfo.CurrentUICulture;
        return string.Format(c, Resources.GetString(name, c) ?? throw new InvalidOperationException($"Missing data export resource '{name}'."), args);
    }
}
