using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace SecureAiChat.Tests.Components;

/// <summary>
/// bUnit with MudBlazor's services and loose JS interop. Use <c>await using var ctx = BunitTestContext.Create();</c>:
/// MudBlazor's services are only IAsyncDisposable, so a synchronously disposed context fails after passing.
/// </summary>
public static class BunitTestContext
{
    public static BunitContext Create()
    {
        var ctx = new BunitContext();
        ctx.Services.AddMudServices();
        ctx.Services.AddLocalization();
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        return ctx;
    }
}
