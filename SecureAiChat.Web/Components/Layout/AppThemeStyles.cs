using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using MudBlazor;

namespace SecureAiChat.Web.Components.Layout;

/// <summary>
/// MudBlazor's theme stylesheet (the <c>:root</c> CSS variables of <see cref="AppTheme"/>, light and dark), rendered by
/// <see cref="MudThemeProvider"/> once per process. A MudThemeProvider per circuit builds the same 26 KB string for every
/// member and holds it for the life of the circuit; this markup is shared (docs/benchmarks.md, figure 4).
/// </summary>
public sealed class AppThemeStyles(IServiceScopeFactory scopes, ILoggerFactory loggers)
{
    private readonly Lazy<Task<MarkupString>> _light = new(() => RenderAsync(scopes, loggers, dark: false));
    private readonly Lazy<Task<MarkupString>> _dark = new(() => RenderAsync(scopes, loggers, dark: true));

    public Task<MarkupString> GetAsync(bool dark) => (dark ? _dark : _light).Value;

    private static async Task<MarkupString> RenderAsync(IServiceScopeFactory scopes, ILoggerFactory loggers, bool dark)
    {
        await using var scope = scopes.CreateAsyncScope();
        await using var renderer = new HtmlRenderer(scope.ServiceProvider, loggers);
        var html = await renderer.Dispatcher.InvokeAsync(async () =>
        {
            var parameters = ParameterView.FromDictionary(new Dictionary<string, object?>
            {
                [nameof(MudThemeProvider.Theme)] = AppTheme.Theme,
                [nameof(MudThemeProvider.IsDarkMode)] = dark,
            });
            return (await renderer.RenderComponentAsync<MudThemeProvider>(parameters)).ToHtmlString();
        });
        return new MarkupString(html);
    }
}
