using MudBlazor;

namespace SecureAiChat.Web.Components.Layout;

/// <summary>One theme for both layouts: calm indigo and teal, Japanese system fonts first (nothing loaded from a CDN).</summary>
public static class AppTheme
{
    private static readonly string[] FontStack =
        ["\"Hiragino Sans\"", "\"Hiragino Kaku Gothic ProN\"", "\"Noto Sans JP\"", "\"Noto Sans CJK JP\"", "\"Yu Gothic UI\"", "Meiryo", "system-ui", "sans-serif"];

    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#3949ab",
            Secondary = "#00897b",
            AppbarBackground = "#1f2a5c",
            AppbarText = "#ffffff",
            Background = "#f6f7fb",
            DrawerBackground = "#ffffff",
            DrawerText = "#2b2f3a",
            TextPrimary = "#1d2130",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#8c9eff",
            Secondary = "#4db6ac",
            AppbarBackground = "#141a33",
            Background = "#11131a",
            Surface = "#1b1e27",
            DrawerBackground = "#161922",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = FontStack, LetterSpacing = "normal" },
            H1 = new H1Typography { FontFamily = FontStack },
            H2 = new H2Typography { FontFamily = FontStack },
            H3 = new H3Typography { FontFamily = FontStack },
            H4 = new H4Typography { FontFamily = FontStack, FontSize = "2rem", FontWeight = "700" },
            H5 = new H5Typography { FontFamily = FontStack, FontWeight = "700" },
            H6 = new H6Typography { FontFamily = FontStack, FontWeight = "600" },
            Button = new ButtonTypography { FontFamily = FontStack, TextTransform = "none", FontWeight = "600" },
        },
        LayoutProperties = new LayoutProperties { DefaultBorderRadius = "8px" },
    };
}
