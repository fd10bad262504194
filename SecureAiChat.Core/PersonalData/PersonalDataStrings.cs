using System.Globalization;
using System.Resources;

namespace SecureAiChat.Core.PersonalData;

/// <summary>Localized names of categories and actions (PersonalDataStrings.resx, Japanese default, English beside it).</summary>
public static class PersonalDataStrings
{
    private static readonly ResourceManager Resources = new("SecureAiChat.Core.PersonalData.PersonalDataStrings", typeof(PersonalDataStrings).Assembly);

    /// <summary>The category as members read it, e.g. "マイナンバー（個人番号）".</summary>
    public static string Category(PersonalDataCategory category, CultureInfo? culture = null) => Get("Category_" + category, culture);

    /// <summary>The short label inside a placeholder, e.g. "マイナンバー" in 〔マイナンバー1〕.</summary>
    public static string PlaceholderLabel(PersonalDataCategory category, CultureInfo? culture = null) => Get("Placeholder_" + category, culture);

    /// <summary>The action, e.g. "マスク".</summary>
    public static string Action(PersonalDataAction action, CultureInfo? culture = null) => Get("Action_" + action, culture);

    /// <summary>Why a message was not sent and how to proceed, naming the blocked categories.</summary>
    public static string BlockedMessage(IEnumerable<PersonalDataCategory> categories, CultureInfo? culture = null)
    {
        var c = culture ?? CultureInfo.CurrentUICulture;
        var separator = c.TwoLetterISOLanguageName == "ja" ? "、" : ", ";
        return Format("Blocked_Message", c, string.Join(separator, categories.Select(x => Category(x, c))));
    }

    /// <summary>A localized message with arguments (formatted in the same culture).</summary>
    public static string Format(string name, CultureInfo? culture, params object?[] args)
    {
        var c = culture ?? CultureInfo.CurrentUICulture;
        return string.Format(c, Get(name, c), args);
    }

    private static string Get(string name, CultureInfo? culture) =>
        Resources.GetString(name, culture ?? CultureInfo.CurrentUICulture) ?? throw new InvalidOperationException($"Missing personal data resource '{name}'.");
}
