using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using ProzessEngine.E2E.Infrastructure;
using Xunit.Abstractions;

namespace ProzessEngine.E2E;

/// <summary>
/// The walking skeleton end to end: a process owner deploys a model in the Modeler, another system starts it over
/// HTTP, a clerk completes its task with its form in the Aufgaben page, and the API shows the instance completed.
/// </summary>
[Collection(ChromiumCollectionDefinition.Name)]
public sealed class WalkingSkeletonBrowserTests(ChromiumFixture chromium, ITestOutputHelper output)
{
    private static readonly string Model = Path.Combine(AppContext.BaseDirectory, "Assets", "e2e-meldung.bpmn");

    [Fact]
    public async Task Deploy_in_the_modeler_start_over_http_and_complete_the_task_in_the_task_list()
    {
        await using var server = EngineServer.Start();
        await using var session = await chromium.NewSessionAsync(output, nameof(Deploy_in_the_modeler_start_over_http_and_complete_the_task_in_the_task_list));
        using var api = server.Api();
        string? instanceKey = null;

        await session.RunAsync(async page =>
        {
            await page.GotoAsync(new Uri(server.BaseAddress, "#/login").ToString());
            await page.Locator("#login-user").FillAsync("erika");
            await page.Locator("#login-groups").FillAsync("meldeamt");
            // Sachbearbeitung is ticked already; deploying in the Modeler needs Modellierung too.
            Assert.True(await page.GetByLabel("Sachbearbeitung").IsCheckedAsync());
            await page.GetByLabel("Modellierung").CheckAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Anmelden" }).ClickAsync();
            await page.GetByText("erika").First.WaitForAsync();

            await page.GotoAsync(new Uri(server.BaseAddress, "#/modeler").ToString());
            await page.GetByTestId("open-file").SetInputFilesAsync(Model);
            await page.Locator(".djs-element[data-element-id='Meldung_pruefen']").WaitForAsync();
            await page.GetByTestId("deploy").ClickAsync();
            await page.GetByText("Version 1 von e2e_meldung deployt.").WaitForAsync();

            var started = await api.PostAsJsonAsync("v2/process-instances", new { processDefinitionId = "e2e_meldung", variables = new { meldung = "Lärm in der Hauptstraße" } });
            started.EnsureSuccessStatusCode();
            instanceKey = JsonNode.Parse(await started.Content.ReadAsStringAsync())!["processInstanceKey"]!.GetValue<string>();

            await page.GotoAsync(new Uri(server.BaseAddress, "#/aufgaben").ToString());
            await page.GetByTestId("group-select").SelectOptionAsync("meldeamt");
            await page.GetByTestId("refresh-tasks").ClickAsync();
            await page.GetByTestId("task-row").Filter(new() { HasText = "Meldung prüfen" }).ClickAsync();
            await page.GetByTestId("task-detail").WaitForAsync();
            await page.GetByLabel("Bemerkung").FillAsync("Ortsbegehung erledigt");
            await page.GetByLabel("Genehmigt").CheckAsync();
            await page.GetByTestId("complete-task").ClickAsync();
            await page.GetByText("Aufgabe „Meldung prüfen“ abgeschlossen.").WaitForAsync();
        });

        var instance = JsonNode.Parse(await api.GetStringAsync($"v2/process-instances/{instanceKey}"))!;
        Assert.Equal("COMPLETED", instance["state"]!.GetValue<string>());
        Assert.Equal("Ortsbegehung erledigt", instance["variables"]!["bemerkung"]!.GetValue<string>());
        Assert.True(instance["variables"]!["genehmigt"]!.GetValue<bool>());
        Assert.Equal("Lärm in der Hauptstraße", instance["variables"]!["meldung"]!.GetValue<string>());
    }
}
