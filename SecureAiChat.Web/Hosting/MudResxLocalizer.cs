using System.Globalization;
using Microsoft.Extensions.Localization;
using MudBlazor;

namespace SecureAiChat.Web.Hosting;

/// <summary>MudBlazor's own strings in Japanese; English falls back to MudBlazor's built-in text.</summary>
public sealed class MudResxLocalizer(IStringLocalizer<MudBlazorStrings> strings) : MudLocalizer
{
    public override LocalizedString this[string key]
    {
        get
        {
            if (CultureInfo.CurrentUICulture.TwoLetterISOLanguageName != "ja") return new LocalizedString(key, key, resourceNotFound: true);
            var value = strings[key];
            return value.ResourceNotFound ? new LocalizedString(key, key, resourceNotFound: true) : value;
        }
    }
}

/// <summary>Marker for Resources/MudBlazorStrings.resx.</summary>
public sealed class MudBlazorStrings;
