using Microsoft.AspNetCore.Components;

namespace SecureAiChat.Web.Components.Layout;

/// <summary>
/// MudIcon's markup for an icon of the shell, built once for the process: every circuit's render tree points at the same
/// string instead of holding a MudIcon component (docs/benchmarks.md, figure 4).
/// </summary>
public static class ShellIcons
{
    /// <param name="icon">One of MudBlazor's <c>Icons</c> (the SVG's inner markup).</param>
    /// <param name="classes">Classes after MudIcon's own: size and colour (none: the colour of the text, as
    /// <c>Color.Inherit</c>; <c>mud-icon-default</c>: MudIcon's default grey), the nav link's or menu item's icon classes.</param>
    public static MarkupString Svg(string icon, string classes = "mud-icon-size-medium") =>
        new($"<svg class=\"mud-icon-root mud-svg-icon {classes}\" focusable=\"false\" viewBox=\"0 0 24 24\" aria-hidden=\"true\" role=\"img\">{icon}</svg>");
}
