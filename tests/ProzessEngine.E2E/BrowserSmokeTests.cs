using ProzessEngine.E2E.Infrastructure;
using Xunit.Abstractions;

namespace ProzessEngine.E2E;

/// <summary>Proves the browser plumbing (chromium, Playwright, loopback server) before any real page is tested.</summary>
[Collection(ChromiumCollectionDefinition.Name)]
public sealed class BrowserSmokeTests(ChromiumFixture chromium, ITestOutputHelper output)
{
    private const string Page = """
        <!doctype html>
        <html lang="de">
        <head><meta charset="utf-8"><title>Rauchtest</title></head>
        <body>
          <p id="status" data-state="offen">Offen</p>
          <button type="button" onclick="const s = document.getElementById('status'); s.textContent = 'Erledigt'; s.dataset.state = 'erledigt';">Erledigen</button>
        </body>
        </html>
        """;

    [Fact]
    public async Task ClickOnTheButtonChangesTheStatusText()
    {
        await using var server = await LoopbackPageServer.StartAsync(new Dictionary<string, string> { ["/"] = Page });
        await using var session = await chromium.NewSessionAsync(output, nameof(BrowserSmokeTests) + "." + nameof(ClickOnTheButtonChangesTheStatusText));

        await session.RunAsync(async page =>
        {
            await page.GotoAsync(server.BaseAddress.ToString());
            Assert.Equal("Offen", await page.Locator("#status").InnerTextAsync());

            await page.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "Erledigen" }).ClickAsync();
            await page.Locator("#status[data-state='erledigt']").WaitForAsync();

            Assert.Equal("Erledigt", await page.Locator("#status").InnerTextAsync());
            Assert.Equal("Rauchtest", await page.TitleAsync());
        });
    }
}
