using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SecureAiChat.Core.Identity;
using SecureAiChat.Tests.Infrastructure;
using SecureAiChat.Tests.Integration.Provisioning;

namespace SecureAiChat.Tests.E2E.Ops;

public sealed class OperatorConsoleTests(ProvisioningHost app, BrowserFixture browser) : IClassFixture<ProvisioningHost>, IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task An_operator_sees_provisioning_requests_and_the_platform_bar_links_to_the_console()
    {
        var result = await app.SignUpAsync(ProvisioningHost.ValidForm("ops-view", "owner@ops-view.example.jp"));
        await app.WaitForCompletionAsync(result.RequestId!);
        var email = await app.CreateOperatorAsync();

        var page = await browser.NewPageAsync();
        await page.SignInAsync(app.PlatformUri, email);
        await page.GotoAsync(new Uri(app.PlatformUri, "/ops").ToString());
        await page.WaitForInteractiveAsync();
        await Assertions.Expect(page.Locator("[data-testid=status-ops-view]")).ToHaveTextAsync("完了");
        await page.ScreenshotAsync("ops-provisioning-ja");
    }
}
