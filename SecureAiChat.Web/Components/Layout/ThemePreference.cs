namespace SecureAiChat.Web.Components.Layout;

/// <summary>
/// The light/dark choice lives in a plain cookie so the first render of every page already has the right theme
/// (a preference, not a secret: readable by script, which writes it when the toggle is pressed).
/// </summary>
public static class ThemePreference
{
    public const string CookieName = "sac-theme";

    public static bool IsDark(HttpContext? context) =>
        context?.Request.Cookies.TryGetValue(CookieName, out var value) == true && value == "dark";
}
