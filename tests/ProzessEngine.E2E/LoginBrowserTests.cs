using Microsoft.Playwright;
using ProzessEngine.E2E.Infrastructure;
using Xunit.Abstractions;

namespace ProzessEngine.E2E;

/// <summary>
/// The development login grants the roles ticked in its form, Sachbearbeitung when nothing else is: a person who just
/// signs in sees the task list, not every instance in the Cockpit or the Modeler.
/// </summary>
[Collection(ChromiumCollectionDefinition.Name)]
public sealed class LoginBrowserTests(ChromiumFixture chromium, ITestOutputHelper output)
{
    [Fact]
    public async Task Signing_in_without_ticking_more_gives_the_task_list_only()
    {
        await using var server = EngineServer.Start();
        await using var session = await chromium.NewSessionAsync(output, nameof(Signing_in_without_ticking_more_gives_the_task_list_only));

        await session.RunAsync(async page =>
        {
            await page.GotoAsync(new Uri(server.BaseAddress, "#/login").ToString());
            Assert.True(await page.GetByLabel("Sachbearbeitung").IsCheckedAsync());
            Assert.False(await page.GetByLabel("Modellierung").IsCheckedAsync());
            Assert.False(await page.GetByLabel("Betrieb").IsCheckedAsync());
            await page.Locator("#login-user").FillAsync("erika");
            await page.GetByRole(AriaRole.Button, new() { Name = "Anmelden" }).ClickAsync();
            await page.GetByText("Angemeldet als erika").WaitForAsync();

            await page.GetByTestId("nav-aufgaben").WaitForAsync();
            Assert.Equal(0, await page.GetByTestId("nav-modeler").CountAsync());
            Assert.Equal(0, await page.GetByTestId("nav-cockpit").CountAsync());
            Assert.Equal(0, await page.GetByTestId("nav-formulare").CountAsync());
        });
    }

    [Fact]
    public async Task The_roles_ticked_in_the_form_open_their_pages()
    {
        await using var server = EngineServer.Start();
        await using var session = await chromium.NewSessionAsync(output, nameof(The_roles_ticked_in_the_form_open_their_pages));

        await session.RunAsync(async page =>
        {
            await page.GotoAsync(new Uri(server.BaseAddress, "#/login").ToString());
            await page.Locator("#login-user").FillAsync("olga");
            await page.GetByLabel("Sachbearbeitung").UncheckAsync();
            await page.GetByLabel("Betrieb").CheckAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Anmelden" }).ClickAsync();
            await page.GetByText("Angemeldet als olga").WaitForAsync();

            await page.GetByTestId("nav-cockpit").WaitForAsync();
            Assert.Equal(0, await page.GetByTestId("nav-modeler").CountAsync());
        });
    }
}
