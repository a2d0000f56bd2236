using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using ProzessEngine.E2E.Infrastructure;
using Xunit.Abstractions;

namespace ProzessEngine.E2E;

/// <summary>
/// Four-eyes, substitutions and comments in the designer: the modeler sets the rule, the engine refuses the checker;
/// a clerk names a deputy on "Vertretungen"; a comment written in the task shows in the cockpit.
/// </summary>
[Collection(ChromiumCollectionDefinition.Name)]
public sealed class TeamworkBrowserTests(ChromiumFixture chromium, ITestOutputHelper output)
{
    private static readonly string Model = Path.Combine(AppContext.BaseDirectory, "Assets", "e2e-vier-augen.bpmn");

    [Fact]
    public async Task The_modeler_sets_the_four_eyes_rule_and_the_checker_is_refused_the_release()
    {
        await using var server = EngineServer.Start();
        await using var session = await chromium.NewSessionAsync(output, nameof(The_modeler_sets_the_four_eyes_rule_and_the_checker_is_refused_the_release));
        using var api = server.Api();

        await session.RunAsync(async page =>
        {
            await LogInAsync(page, server, "erika", "fachamt", "Modellierung");
            await page.GetByTestId("nav-modeler").ClickAsync();
            await page.GetByTestId("open-file").SetInputFilesAsync(Model);
            await page.Locator(".djs-element[data-element-id='Freigeben']").ClickAsync();
            await page.Locator(".bio-properties-panel-group-header").Filter(new() { HasText = "Vier-Augen-Prinzip" }).ClickAsync();
            var field = page.GetByLabel("Vier-Augen-Prinzip: nicht dieselbe Person wie bei");
            await field.FillAsync("Tippfehler");
            await page.GetByText("Kein Element mit der ID „Tippfehler“.").WaitForAsync();
            await field.FillAsync("Pruefen");
            await page.GetByText("Kein Element mit der ID „Tippfehler“.").WaitForAsync(new() { State = WaitForSelectorState.Detached });
            await page.GetByTestId("deploy").ClickAsync();
            await page.GetByText("Version 1 von e2e_vier_augen deployt.").WaitForAsync();

            var instance = await StartAsync(api);
            await page.GetByTestId("nav-aufgaben").ClickAsync();
            // The group tasks of all the clerk's groups are listed at first; a task is completed once claimed, after asking.
            await page.GetByTestId("refresh-tasks").ClickAsync();
            await page.GetByTestId("task-row").Filter(new() { HasText = "Prüfen" }).ClickAsync();
            await page.GetByTestId("claim-task").ClickAsync();
            await page.GetByTestId("complete-task").ClickAsync();
            await page.GetByTestId("confirm-complete").ClickAsync();
            await page.GetByText("Aufgabe „Prüfen“ abgeschlossen.").WaitForAsync();
            await page.GetByTestId("task-row").Filter(new() { HasText = "Freigeben" }).ClickAsync();
            await page.GetByTestId("claim-task").ClickAsync();

            await page.GetByText("Vier-Augen-Prinzip: erika darf „Freigeben“ nicht übernehmen, weil „Prüfen“ in diesem Vorgang von erika abgeschlossen wurde.",
                new() { Exact = false }).WaitForAsync();
            var task = JsonNode.Parse(await api.GetStringAsync($"v2/process-instances/{instance}"))!["activeElements"]!.AsArray();
            Assert.Equal("Freigeben", Assert.Single(task)!["elementId"]!.GetValue<string>());
        });

        var xml = await api.GetStringAsync($"v2/process-definitions/{await DefinitionKeyAsync(api)}/xml");
        Assert.Contains("<zeebe:property name=\"prozessengine:fourEyes\" value=\"Pruefen\" />", xml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_clerk_names_a_deputy_who_works_in_her_name_and_ends_the_substitution()
    {
        await using var server = EngineServer.Start();
        await using var erikaSession = await chromium.NewSessionAsync(output, nameof(A_clerk_names_a_deputy_who_works_in_her_name_and_ends_the_substitution));
        await using var maxSession = await chromium.NewSessionAsync(output, nameof(A_clerk_names_a_deputy_who_works_in_her_name_and_ends_the_substitution) + "-max");
        using var api = server.Api();
        await DeployAsync(api);
        var instance = await StartAsync(api);
        var until = DateTime.Today.AddDays(7);

        await erikaSession.RunAsync(async page =>
        {
            await LogInAsync(page, server, "erika", "fachamt", "Betrieb");
            await page.GetByTestId("nav-vertretungen").ClickAsync();
            await page.GetByRole(AriaRole.Heading, new() { Name = "Vertretungen", Level = 1 }).WaitForAsync();
            await page.GetByTestId("create-substitution").ClickAsync();
            await page.GetByText("Bitte mindestens eine vertretende Person angeben.").WaitForAsync();
            await page.GetByLabel("Vertreten durch").FillAsync("max");
            await page.GetByLabel("Bis einschließlich").FillAsync(until.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            await page.GetByTestId("create-substitution").ClickAsync();
            await page.GetByText("Vertretung für erika eingetragen.").WaitForAsync();
            var row = page.GetByTestId("substitution-row");
            await row.Filter(new() { HasText = "läuft" }).WaitForAsync();
            Assert.Contains(until.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture), await row.InnerTextAsync(), StringComparison.Ordinal);
            Assert.Contains("Gruppen: fachamt", await row.InnerTextAsync(), StringComparison.Ordinal);
        });

        await maxSession.RunAsync(async page =>
        {
            // Only Sachbearbeitung: an operator acts in their own name on any task, a clerk only as erika's deputy.
            await LogInAsync(page, server, "max", "ordnungsamt");
            await page.GetByTestId("nav-vertretungen").ClickAsync();
            await page.GetByTestId("deputy-of").Filter(new() { HasText = "Sie vertreten gerade: erika" }).WaitForAsync();
            Assert.Equal(0, await page.GetByTestId("end-substitution").CountAsync());
            // The deputy completes erika's group task in her name (the task list's own view of substitutions is another page's work).
            var status = await page.EvaluateAsync<int>("""
                async (instance) => {
                  const headers = { 'X-Requested-With': 'ProzessEngine-Designer', 'Content-Type': 'application/json' };
                  const search = await fetch('v2/user-tasks/search', { method: 'POST', headers, body: JSON.stringify({ filter: { processInstanceKey: instance } }) });
                  const task = (await search.json()).items[0];
                  const done = await fetch(`v2/user-tasks/${task.userTaskKey}/completion`, { method: 'POST', headers, body: '{}' });
                  return done.status;
                }
                """, instance);
            Assert.Equal(204, status);
        });

        await erikaSession.RunAsync(async page =>
        {
            await page.GetByTestId("refresh-substitutions").ClickAsync();
            await page.GetByTestId("end-substitution").ClickAsync();
            await page.GetByText("Vertretung für erika beendet.").WaitForAsync();
            await page.GetByTestId("substitution-row").Filter(new() { HasText = "beendet" }).WaitForAsync();

            await page.GotoAsync(new Uri(server.BaseAddress, $"#/cockpit/{instance}").ToString());
            var completion = page.GetByTestId("journal-entry").Filter(new() { Has = page.Locator("[data-kind='UserTaskCompleted']") });
            await completion.WaitForAsync();
            Assert.Contains("max für erika", await completion.InnerTextAsync(), StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task A_comment_written_in_the_task_shows_in_the_task_and_in_the_cockpit()
    {
        await using var server = EngineServer.Start();
        await using var session = await chromium.NewSessionAsync(output, nameof(A_comment_written_in_the_task_shows_in_the_task_and_in_the_cockpit));
        using var api = server.Api();
        await DeployAsync(api);
        var instance = await StartAsync(api);

        await session.RunAsync(async page =>
        {
            await LogInAsync(page, server, "erika", "fachamt", "Betrieb");
            await page.GetByTestId("nav-aufgaben").ClickAsync();
            await page.GetByTestId("refresh-tasks").ClickAsync();
            await page.GetByTestId("task-row").Filter(new() { HasText = "Prüfen" }).ClickAsync();
            var comments = page.GetByTestId("task-comments");
            await comments.GetByText("Noch keine Kommentare.").WaitForAsync();
            await comments.GetByTestId("add-comment").ClickAsync();
            await comments.GetByText("Bitte einen Text eingeben.").WaitForAsync();
            await comments.GetByLabel("Neuer Kommentar").FillAsync("Lieferschein fehlt,\nbeim Lieferanten angefragt.");
            await comments.GetByTestId("add-comment").ClickAsync();
            await comments.GetByText("Kommentar gespeichert.").WaitForAsync();
            var comment = comments.GetByTestId("comment");
            Assert.Equal(1, await comment.CountAsync());
            Assert.Contains("Lieferschein fehlt,\nbeim Lieferanten angefragt.", await comment.InnerTextAsync(), StringComparison.Ordinal);
            Assert.StartsWith("erika am ", await comment.Locator(".comment-meta").InnerTextAsync(), StringComparison.Ordinal);

            await page.GotoAsync(new Uri(server.BaseAddress, $"#/cockpit/{instance}").ToString());
            var inCockpit = page.GetByTestId("instance-comments").GetByTestId("comment");
            await inCockpit.WaitForAsync();
            Assert.Contains("zu „Prüfen“", await inCockpit.InnerTextAsync(), StringComparison.Ordinal);
            await page.GetByTestId("journal-entry").Filter(new() { HasText = "Aufgabe kommentieren" }).WaitForAsync();
        });
    }

    /// <summary>Signs in through the login form; Sachbearbeitung is ticked already, the roles named by their German label are ticked too.</summary>
    private static async Task LogInAsync(IPage page, EngineServer server, string userId, string groups, params string[] roles)
    {
        await page.GotoAsync(new Uri(server.BaseAddress, "#/login").ToString());
        await page.Locator("#login-user").FillAsync(userId);
        await page.Locator("#login-groups").FillAsync(groups);
        foreach (var role in roles)
        {
            await page.GetByLabel(role).CheckAsync();
        }

        await page.GetByRole(AriaRole.Button, new() { Name = "Anmelden" }).ClickAsync();
        await page.GetByText($"Angemeldet als {userId}").WaitForAsync();
    }

    private static async Task DeployAsync(HttpClient api)
    {
        using var content = new MultipartFormDataContent();
        content.Add(new ByteArrayContent(await File.ReadAllBytesAsync(Model)), "resources", Path.GetFileName(Model));
        using var response = await api.PostAsync(new Uri("v2/deployments", UriKind.Relative), content);
        response.EnsureSuccessStatusCode();
    }

    private static async Task<string> StartAsync(HttpClient api)
    {
        using var started = await api.PostAsJsonAsync("v2/process-instances", new { processDefinitionId = "e2e_vier_augen" });
        started.EnsureSuccessStatusCode();
        return JsonNode.Parse(await started.Content.ReadAsStringAsync())!["processInstanceKey"]!.GetValue<string>();
    }

    private static async Task<string> DefinitionKeyAsync(HttpClient api)
    {
        using var search = await api.PostAsJsonAsync("v2/process-definitions/search", new { filter = new { processDefinitionId = "e2e_vier_augen" } });
        return JsonNode.Parse(await search.Content.ReadAsStringAsync())!["items"]![0]!["processDefinitionKey"]!.GetValue<string>();
    }
}
