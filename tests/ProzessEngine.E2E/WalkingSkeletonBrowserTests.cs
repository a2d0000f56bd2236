using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using ProzessEngine.E2E.Infrastructure;
using Xunit.Abstractions;

namespace ProzessEngine.E2E;

/// <summary>
/// The walking skeleton end to end: a process owner deploys a model in the Modeler, another system starts it over
/// HTTP, the engine writes the letter confirming receipt, a clerk downloads it and completes the task with its form in
/// the Aufgaben page, and the API shows the instance completed.
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

            // The letter's template goes with the process's deployment; a model naming a template not deployed is refused.
            using (var template = new MultipartFormDataContent())
            {
                var part = new StringContent("<p>Eingang bestätigt: {{ meldung | html.escape }}</p>");
                template.Add(part, "resources", "eingangsbestaetigung.scriban");
                (await api.PostAsync("v2/deployments", template)).EnsureSuccessStatusCode();
            }

            await page.GotoAsync(new Uri(server.BaseAddress, "#/modeler").ToString());
            await page.GetByTestId("open-file").SetInputFilesAsync(Model);
            await page.Locator(".djs-element[data-element-id='Meldung_pruefen']").WaitForAsync();
            await page.GetByTestId("deploy").ClickAsync();
            await page.GetByText("Version 1 von e2e_meldung deployt.").WaitForAsync();

            var started = await api.PostAsJsonAsync("v2/process-instances", new { processDefinitionId = "e2e_meldung", variables = new { meldung = "Lärm in der Hauptstraße" } });
            started.EnsureSuccessStatusCode();
            instanceKey = JsonNode.Parse(await started.Content.ReadAsStringAsync())!["processInstanceKey"]!.GetValue<string>();
            // The task follows the letter, which is rendered after the start committed.
            await TaskCreatedAsync(api, instanceKey);

            await page.GotoAsync(new Uri(server.BaseAddress, "#/aufgaben").ToString());
            // The group tasks of all the clerk's groups are listed at first; a task is completed once claimed, after asking.
            await page.GetByTestId("refresh-tasks").ClickAsync();
            await page.GetByTestId("task-row").Filter(new() { HasText = "Meldung prüfen" }).ClickAsync();
            await page.GetByTestId("task-detail").WaitForAsync();
            await page.GetByTestId("claim-task").ClickAsync();
            // Claiming renders the task again, documents included: a click on the link of the earlier rendering is lost.
            await page.GetByTestId("unclaim-task").WaitForAsync();
            // The case's letter downloads through the task, without rights on the instance.
            var letter = page.GetByRole(AriaRole.Link, new() { Name = "eingangsbestaetigung.html herunterladen" });
            var download = await page.RunAndWaitForDownloadAsync(() => letter.ClickAsync());
            Assert.Equal("eingangsbestaetigung.html", download.SuggestedFilename);
            // html.escape writes the umlauts as character references.
            var letterText = System.Net.WebUtility.HtmlDecode(await File.ReadAllTextAsync(await download.PathAsync()));
            Assert.Contains("Eingang bestätigt: Lärm in der Hauptstraße", letterText, StringComparison.Ordinal);
            // The form checks before anything is sent, in German and as the server would.
            await page.GetByTestId("complete-task").ClickAsync();
            await page.GetByText("Dieses Feld ist ein Pflichtfeld.").WaitForAsync();
            await page.GetByLabel("Bemerkung").FillAsync("Ortsbegehung erledigt");
            // The message goes once the field is left; the fields below move up then, so wait for that before clicking.
            await page.GetByLabel("Bemerkung").PressAsync("Tab");
            await page.GetByText("Dieses Feld ist ein Pflichtfeld.").WaitForAsync(new() { State = WaitForSelectorState.Detached });
            await page.GetByLabel("Genehmigt").CheckAsync();
            await page.GetByTestId("complete-task").ClickAsync();
            await page.GetByTestId("confirm-complete").ClickAsync();
            await page.GetByText("Aufgabe „Meldung prüfen“ abgeschlossen.").WaitForAsync();
        });

        var instance = JsonNode.Parse(await api.GetStringAsync($"v2/process-instances/{instanceKey}"))!;
        Assert.Equal("COMPLETED", instance["state"]!.GetValue<string>());
        Assert.Equal("Ortsbegehung erledigt", instance["variables"]!["bemerkung"]!.GetValue<string>());
        Assert.True(instance["variables"]!["genehmigt"]!.GetValue<bool>());
        Assert.Equal("Lärm in der Hauptstraße", instance["variables"]!["meldung"]!.GetValue<string>());
    }

    private static async Task TaskCreatedAsync(HttpClient api, string instanceKey)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var poll = new PeriodicTimer(TimeSpan.FromMilliseconds(50));
        while (true)
        {
            var found = await api.PostAsJsonAsync("v2/user-tasks/search", new { filter = new { processInstanceKey = instanceKey } }, deadline.Token);
            if (JsonNode.Parse(await found.Content.ReadAsStringAsync(deadline.Token))!["items"]!.AsArray().Count > 0)
            {
                return;
            }

            await poll.WaitForNextTickAsync(deadline.Token);
        }
    }
}
