using System.Globalization;
using System.Resources;

namespace SecureAiChat.Core.DataGovernance;

/// <summary>Localized problems of the data-governance service (DataGovernanceStrings.resx, Japanese default, English beside it).</summary>
public static class DataGovernanceStrings
{
    private static readonly ResourceManager Resources = new("SecureAiChat.Core.DataGovernance.DataGovernanceStrings", typeof(DataGovernanceStrings).Assembly);

    public static string Format(string name, CultureInfo? culture, params object?[] args)
    {
        var c = culture ?? CultureInfo.CurrentUICulture;
        return string.Format(c, Resources.GetString(name, c) ?? throw new InvalidOperationException($"Missing data governance resource '{name}'."), args);
    }
}
