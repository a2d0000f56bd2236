using Microsoft.Playwright;
using ProzessEngine.E2E.Infrastructure;
using Xunit.Abstractions;

namespace ProzessEngine.E2E;

/// <summary>
/// The designer under the host's Content-Security-Policy: every page is opened, with bpmn-js, the properties panel,
/// form-js, dmn-js and the API reference loaded; the session fails the test on any violation the browser reports.
/// </summary>
[Collection(ChromiumCollectionDefinition.Name)]
public sealed class ContentSecurityPolicyBrowserTests(ChromiumFixture chromium, ITestOutputHelper output)
{
    [Fact]
    public async Task Every_page_of_the_designer_works_under_the_policy()
    {
        await using var server = EngineServer.Start();
        await using var session = await chromium.NewSessionAsync(output, nameof(Every_page_of_the_designer_works_under_the_policy));

        await session.RunAsync(async page =>
        {
            var response = await page.GotoAsync(new Uri(server.BaseAddress, "#/login").ToString());
            Assert.Contains("script-src 'self'", await response!.HeaderValueAsync("content-security-policy") ?? "", StringComparison.Ordinal);
            Assert.Null(await response.HeaderValueAsync("server"));
            await page.Locator("#login-user").FillAsync("erika");
            await page.Locator("#login-groups").FillAsync("fachamt");
            // Every page: Modeler, Entscheidungen and Formulare need Modellierung, the Cockpit Betrieb.
            await page.GetByLabel("Modellierung").CheckAsync();
            await page.GetByLabel("Betrieb").CheckAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Anmelden" }).ClickAsync();
            await page.GetByText("erika").First.WaitForAsync();

            await page.GotoAsync(new Uri(server.BaseAddress, "#/modeler").ToString());
            await page.Locator(".djs-container").WaitForAsync();
            await page.Locator(".djs-palette").WaitForAsync();

            // dmn-js: the graph and a decision table, whose editors insert styles of their own.
            await page.GotoAsync(new Uri(server.BaseAddress, "#/entscheidungen").ToString());
            await page.Locator(".dmn-drd-container .djs-container, .dmn-decision-table-container").First.WaitForAsync();
            await page.GetByTestId("dmn-view").Filter(new() { HasText = "(Tabelle)" }).ClickAsync();
            await page.Locator(".dmn-decision-table-container").WaitForAsync();

            await page.GotoAsync(new Uri(server.BaseAddress, "#/formulare").ToString());
            await page.GetByTestId("new-form").ClickAsync();
            await page.Locator(".fjs-editor-container, .fjs-container").First.WaitForAsync();

            await page.GotoAsync(new Uri(server.BaseAddress, "#/aufgaben").ToString());
            await page.GetByTestId("refresh-tasks").WaitForAsync();

            await page.GotoAsync(new Uri(server.BaseAddress, "#/cockpit").ToString());
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

            await page.GotoAsync(new Uri(server.BaseAddress, "scalar/").ToString());
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            await page.GetByText("ProzessEngine").First.WaitForAsync();
        });
    }
}
