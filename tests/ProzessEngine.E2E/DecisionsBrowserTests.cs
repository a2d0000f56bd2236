using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using ProzessEngine.E2E.Infrastructure;
using Xunit.Abstractions;

namespace ProzessEngine.E2E;

/// <summary>
/// The Decisions page (Entscheidungen) end to end: a process owner opens a fee table, deploys it, tests it with sample
/// inputs and sees the matched rule marked in the table; a broken cell is refused with its element and line beside the
/// diagram; the cockpit's journal shows a business rule task's evaluation as a table. The pages pass axe's accessibility
/// rules.
/// </summary>
[Collection(ChromiumCollectionDefinition.Name)]
public sealed class DecisionsBrowserTests(ChromiumFixture chromium, ITestOutputHelper output)
{
    private const string DecisionId = "e2e_gebuehr";

    private static readonly string Model = Path.Combine(AppContext.BaseDirectory, "Assets", "e2e-gebuehr.dmn");

    // A business rule task that calls the fee table above and keeps its result in "gebuehr".
    private static readonly string FeeProcess = Path.Combine(AppContext.BaseDirectory, "Assets", "e2e-gebuehr-prozess.bpmn");

    [Fact]
    public async Task A_process_owner_deploys_a_fee_table_tests_it_and_sees_the_matched_rule()
    {
        await using var server = EngineServer.Start();
        await using var session = await chromium.NewSessionAsync(output, nameof(A_process_owner_deploys_a_fee_table_tests_it_and_sees_the_matched_rule));
        using var api = server.Api();

        await session.RunAsync(async page =>
        {
            await LogInAsync(page, server, "paula", "Modellierung");
            await page.GetByTestId("nav-entscheidungen").ClickAsync();
            // A new diagram starts with the German fee template.
            await page.GetByTestId("dmn-view").Filter(new() { HasText = "Gebühr (Tabelle)" }).WaitForAsync();

            await page.GetByTestId("open-dmn-file").SetInputFilesAsync(Model);
            await page.GetByText("e2e-gebuehr.dmn geöffnet.").WaitForAsync();
            await page.Locator($"[data-testid='dmn-view'][data-view-id='{DecisionId}']").WaitForAsync();
            await page.GetByTestId("deploy-dmn").ClickAsync();
            await page.GetByText("Version 1 von e2e_gebuehren bereitgestellt.").WaitForAsync();
            await page.GetByText("Ausgewertet wird Version 1, die Sie eben bereitgestellt haben.").WaitForAsync();

            Assert.Equal(DecisionId, await page.GetByLabel("Entscheidung", new() { Exact = true }).InputValueAsync());
            // The sample names the variables of the input columns.
            var sample = JsonNode.Parse(await page.GetByTestId("test-inputs").InputValueAsync())!;
            Assert.Equal(["alter", "dokument"], sample.AsObject().Select(property => property.Key).Order(StringComparer.Ordinal));

            await page.GetByTestId("test-inputs").FillAsync("""{ "dokument": "Reisepass", "alter": 30 }""");
            await page.GetByTestId("evaluate-decision").ClickAsync();
            var matched = page.GetByTestId("matched-rule");
            await matched.Filter(new() { HasText = "Regel 4" }).WaitForAsync();
            Assert.Equal(1, await matched.CountAsync());
            Assert.Equal("Regel_Pass", await matched.GetAttributeAsync("data-rule-id"));
            Assert.Contains("gebuehr = 70", await matched.InnerTextAsync(), StringComparison.Ordinal);
            Assert.Equal("70", (await page.GetByTestId("evaluation-output").InnerTextAsync()).Trim());

            // The decision table shows the matched rule's row marked, and only that one.
            await page.GetByTestId("show-matched-rules").ClickAsync();
            await page.Locator("tr.decision-rule-matched [data-row-id='Regel_Pass']").First.WaitForAsync();
            Assert.Equal(1, await page.Locator("tr.decision-rule-matched").CountAsync());
            await page.GetByText("Trefferrichtlinie:").First.WaitForAsync();

            await AssertAccessibleAsync(page);
        });

        var search = await api.PostAsJsonAsync("v2/decision-definitions/search", new { filter = new { decisionDefinitionId = DecisionId } });
        search.EnsureSuccessStatusCode();
        var deployed = Assert.Single(JsonNode.Parse(await search.Content.ReadAsStringAsync())!["items"]!.AsArray())!;
        Assert.Equal(1, deployed["version"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_broken_cell_is_listed_beside_the_diagram_with_its_element_and_line()
    {
        await using var server = EngineServer.Start();
        await using var session = await chromium.NewSessionAsync(output, nameof(A_broken_cell_is_listed_beside_the_diagram_with_its_element_and_line));
        var broken = (await File.ReadAllTextAsync(Model)).Replace(
            "<inputEntry id=\"Zelle_4_2\"><text>&gt;= 24</text>", "<inputEntry id=\"Zelle_4_2\"><text>&gt;= (24</text>", StringComparison.Ordinal);

        await session.RunAsync(async page =>
        {
            await LogInAsync(page, server, "paula", "Modellierung");
            await page.GetByTestId("nav-entscheidungen").ClickAsync();
            await page.GetByTestId("dmn-view").First.WaitForAsync();
            await page.GetByTestId("open-dmn-file").SetInputFilesAsync(new FilePayload
            {
                Name = "kaputt.dmn",
                MimeType = "application/xml",
                Buffer = Encoding.UTF8.GetBytes(broken),
            });
            await page.GetByText("kaputt.dmn geöffnet.").WaitForAsync();
            await page.GetByTestId("deploy-dmn").ClickAsync();
            await page.GetByText("Bereitstellung fehlgeschlagen.").WaitForAsync();

            var problem = page.GetByTestId("dmn-problems").Locator("[data-testid='dmn-problem'][data-element-id='Zelle_4_2']");
            await problem.WaitForAsync();
            var text = await problem.InnerTextAsync();
            Assert.Contains("Element Zelle_4_2", text, StringComparison.Ordinal);
            Assert.Contains("in Gebühr", text, StringComparison.Ordinal);
            // The line and column are those of the XML the page deployed (dmn-js writes it anew).
            Assert.Matches(@"\(Zeile \d+, Spalte \d+\)", text);

            // The problem leads to its cell in the decision table, marked.
            await problem.GetByRole(AriaRole.Button).ClickAsync();
            await page.Locator("[data-element-id='Zelle_4_2'].decision-problem").WaitForAsync();

            await AssertAccessibleAsync(page);
        });
    }

    [Fact]
    public async Task The_cockpit_journal_shows_the_fee_decision_with_its_inputs_matched_rule_and_result()
    {
        await using var server = EngineServer.Start();
        await using var session = await chromium.NewSessionAsync(output, nameof(The_cockpit_journal_shows_the_fee_decision_with_its_inputs_matched_rule_and_result));
        using var api = server.Api();
        foreach (var file in new[] { Model, FeeProcess })
        {
            using var content = new MultipartFormDataContent();
            content.Add(new ByteArrayContent(await File.ReadAllBytesAsync(file)), "resources", Path.GetFileName(file));
            using var deployment = await api.PostAsync(new Uri("v2/deployments", UriKind.Relative), content);
            Assert.True(deployment.IsSuccessStatusCode, await deployment.Content.ReadAsStringAsync());
        }

        using var started = await api.PostAsJsonAsync("v2/process-instances",
            new { processDefinitionId = "e2e_gebuehr_prozess", variables = new { dokument = "Reisepass", alter = 30 } });
        Assert.True(started.IsSuccessStatusCode, await started.Content.ReadAsStringAsync());
        var instanceKey = JsonNode.Parse(await started.Content.ReadAsStringAsync())!["processInstanceKey"]!.GetValue<string>();

        await session.RunAsync(async page =>
        {
            await LogInAsync(page, server, "olga", "Betrieb");
            await page.GotoAsync(new Uri(server.BaseAddress, $"#/cockpit/{instanceKey}").ToString());

            var evaluated = page.GetByTestId("journal-entry").Locator("li[data-kind='DecisionEvaluated']");
            await evaluated.Filter(new() { HasText = "Gebühr bestimmen: Entscheidung ausgewertet" }).WaitForAsync();
            Assert.Contains($"{DecisionId}, Version 1", await evaluated.InnerTextAsync(), StringComparison.Ordinal);
            // Not the journal's JSON: a table of the inputs, the rule that matched and the fee.
            Assert.DoesNotContain("evaluatedDecisions", await evaluated.InnerTextAsync(), StringComparison.Ordinal);
            var table = evaluated.GetByTestId("decision-audit");
            Assert.Equal(["Entscheidung", "Eingaben", "Treffer (Regeln)", "Ergebnis"],
                (await table.Locator("thead th").AllInnerTextsAsync()).Select(text => text.Trim()));
            var row = table.Locator($"[data-testid='audited-decision'][data-decision-id='{DecisionId}']");
            var cells = (await row.Locator("th, td").AllInnerTextsAsync()).Select(text => text.Trim()).ToArray();
            Assert.Equal(4, cells.Length);
            Assert.Contains("Dokument = \"Reisepass\"", cells[1], StringComparison.Ordinal);
            Assert.Contains("Alter = 30", cells[1], StringComparison.Ordinal);
            Assert.Equal("Regel 4 (Regel_Pass)", cells[2]);
            Assert.Equal("70", cells[3]);

            await AssertAccessibleAsync(page);
        });
    }

    /// <summary>axe-core's rules on the whole page; a violation names the rule and the elements it found.</summary>
    private async Task AssertAccessibleAsync(IPage page)
    {
        var result = await page.RunAxe();
        foreach (var violation in result.Violations)
        {
            output.WriteLine($"{violation.Id} ({violation.Impact}): {violation.Help}");
            foreach (var node in violation.Nodes)
            {
                output.WriteLine($"  {node.Target}: {node.Html}");
            }
        }

        Assert.Empty(result.Violations.Select(violation => violation.Id));
    }

    /// <summary>Signs in through the login form with the role ticked (by its German label) besides Sachbearbeitung.</summary>
    private static async Task LogInAsync(IPage page, EngineServer server, string userId, string role)
    {
        await page.GotoAsync(new Uri(server.BaseAddress, "#/login").ToString());
        await page.Locator("#login-user").FillAsync(userId);
        await page.GetByLabel(role).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Anmelden" }).ClickAsync();
        await page.GetByText($"Angemeldet als {userId}").WaitForAsync();
    }
}
