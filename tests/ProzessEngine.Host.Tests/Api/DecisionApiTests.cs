using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using ProzessEngine.Host.Tests.Infrastructure;
using ProzessEngine.Testing.Models;

namespace ProzessEngine.Host.Tests.Api;

/// <summary>
/// DMN through the API, modelled on Camunda 8's v2: deploying .dmn files, evaluating a decision, searching and reading
/// decisions and their graphs, and business rule tasks that route an instance on a decision. Each scenario runs on
/// SQLite and on PostgreSQL.
/// </summary>
public sealed class DecisionApiTests
{
    private static readonly FakeTimeProvider Clock = new(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero));

    public static TheoryData<string> Providers => BothDatabases.Providers;

    private static Task RunAsync(string provider, Func<EngineApp, Task> scenario) => BothDatabases.RunAsync(provider, nameof(DecisionApiTests), Clock, scenario);

    private static async Task<JsonObject> EvaluateAsync(HttpClient client, object request) =>
        await EngineApp.JsonAsync(await client.PostAsJsonAsync("/v2/decision-definitions/evaluation", request));

    [Theory]
    [MemberData(nameof(Providers))]
    public Task A_deployed_decision_is_listed_evaluated_searched_and_read(string provider) => RunAsync(provider, async app =>
    {
        var admin = app.Admin();
        var deployment = await EngineApp.JsonAsync(await EngineApp.DeployAsync(admin, ("gebuehren.dmn", DecisionModels.FeeTable())));

        var items = deployment["deployments"]!.AsArray();
        var graph = Assert.Single(items, i => i!["decisionRequirements"] is not null)!["decisionRequirements"]!;
        Assert.Equal((DecisionModels.RequirementsId, "Gebühren", 1, "gebuehren.dmn"), (graph["decisionRequirementsId"]!.GetValue<string>(),
            graph["decisionRequirementsName"]!.GetValue<string>(), graph["version"]!.GetValue<int>(), graph["resourceName"]!.GetValue<string>()));
        var decision = Assert.Single(items, i => i!["decisionDefinition"] is not null)!["decisionDefinition"]!;
        Assert.Equal((DecisionModels.DecisionId, "Gebühr", 1), (decision["decisionDefinitionId"]!.GetValue<string>(), decision["name"]!.GetValue<string>(),
            decision["version"]!.GetValue<int>()));
        Assert.Equal(graph["decisionRequirementsKey"]!.GetValue<string>(), decision["decisionRequirementsKey"]!.GetValue<string>());
        var decisionKey = decision["decisionDefinitionKey"]!.GetValue<string>();
        var graphKey = graph["decisionRequirementsKey"]!.GetValue<string>();

        var byId = await EvaluateAsync(admin, new { decisionDefinitionId = DecisionModels.DecisionId, variables = new { betrag = 500, art = "privat" } });
        Assert.Equal(("30", decisionKey, 1), (byId["output"]!.GetValue<string>(), byId["decisionDefinitionKey"]!.GetValue<string>(),
            byId["decisionDefinitionVersion"]!.GetValue<int>()));
        Assert.Equal((DecisionModels.RequirementsId, graphKey), (byId["decisionRequirementsId"]!.GetValue<string>(), byId["decisionRequirementsKey"]!.GetValue<string>()));
        Assert.Null(byId["failedDecisionDefinitionId"]);
        var evaluated = Assert.Single(byId["evaluatedDecisions"]!.AsArray())!;
        Assert.Equal(("DECISION_TABLE", decisionKey), (evaluated["decisionDefinitionType"]!.GetValue<string>(), evaluated["decisionDefinitionKey"]!.GetValue<string>()));
        var rule = Assert.Single(evaluated["matchedRules"]!.AsArray())!;
        Assert.Equal(("r3", 3), (rule["ruleId"]!.GetValue<string>(), rule["ruleIndex"]!.GetValue<int>()));
        var output = Assert.Single(rule["evaluatedOutputs"]!.AsArray())!;
        Assert.Equal(("out_gebuehr", "gebuehr", "30"), (output["outputId"]!.GetValue<string>(), output["outputName"]!.GetValue<string>(),
            output["outputValue"]!.GetValue<string>()));
        Assert.Equal(["in_betrag Betrag 500", "in_art Art \"privat\""], evaluated["evaluatedInputs"]!.AsArray()
            .Select(i => $"{i!["inputId"]} {i["inputName"]} {i["inputValue"]!.GetValue<string>()}"));

        var byKey = await EvaluateAsync(admin, new { decisionDefinitionKey = decisionKey, variables = new { betrag = 20, art = "gewerblich" } });
        Assert.Equal("10", byKey["output"]!.GetValue<string>());

        var failed = await EvaluateAsync(admin, new { decisionDefinitionId = DecisionModels.DecisionId, variables = new { betrag = 500, art = "beides" } });
        Assert.Equal(DecisionModels.DecisionId, failed["failedDecisionDefinitionId"]!.GetValue<string>());
        Assert.Contains("UNIQUE", failed["failureMessage"]!.GetValue<string>(), StringComparison.Ordinal);

        var search = await EngineApp.JsonAsync(await admin.PostAsJsonAsync("/v2/decision-definitions/search",
            new { filter = new { decisionDefinitionId = DecisionModels.DecisionId, isLatestVersion = true } }));
        Assert.Equal(decisionKey, Assert.Single(search["items"]!.AsArray())!["decisionDefinitionKey"]!.GetValue<string>());
        var read = await EngineApp.JsonAsync(await admin.GetAsync($"/v2/decision-definitions/{decisionKey}"));
        Assert.Equal(("2026", DecisionModels.RequirementsId), (read["versionTag"]!.GetValue<string>(), read["decisionRequirementsId"]!.GetValue<string>()));
        var graphs = await EngineApp.JsonAsync(await admin.PostAsJsonAsync("/v2/decision-requirements/search",
            new { filter = new { decisionRequirementsName = "Gebühren" } }));
        Assert.Equal(graphKey, Assert.Single(graphs["items"]!.AsArray())!["decisionRequirementsKey"]!.GetValue<string>());
        Assert.Equal("gebuehren.dmn", (await EngineApp.JsonAsync(await admin.GetAsync($"/v2/decision-requirements/{graphKey}")))["resourceName"]!.GetValue<string>());
        foreach (var path in new[] { $"/v2/decision-requirements/{graphKey}/xml", $"/v2/decision-definitions/{decisionKey}/xml" })
        {
            var xml = await admin.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, xml.StatusCode);
            Assert.Equal("attachment", xml.Content.Headers.ContentDisposition?.DispositionType);
            Assert.Equal(DecisionModels.FeeTable(), await xml.Content.ReadAsStringAsync());
        }
    });

    [Theory]
    [MemberData(nameof(Providers))]
    public Task A_business_rule_task_routes_on_the_decision_and_stops_with_incidents_it_names(string provider) => RunAsync(provider, async app =>
    {
        var admin = app.Admin();
        await EngineApp.JsonAsync(await EngineApp.DeployAsync(admin, ("prozess.bpmn", DecisionModels.FeeProcess())));

        // Not deployed yet: an incident when the task runs, as in Camunda 8; deploying and resolving completes the task.
        var missing = await EngineApp.StartAsync(admin, DecisionModels.ProcessId, new { betrag = 20, art = "privat" });
        var incident = Assert.Single((await EngineApp.InstanceAsync(admin, missing))["incidents"]!.AsArray())!;
        Assert.Equal(("CalledDecision", "gebuehr_bestimmen"), (incident["errorType"]!.GetValue<string>(), incident["elementId"]!.GetValue<string>()));
        await EngineApp.JsonAsync(await EngineApp.DeployAsync(admin, ("gebuehren.dmn", DecisionModels.FeeTable())));
        (await admin.PostAsync($"/v2/incidents/{incident["incidentKey"]}/resolution", null)).EnsureSuccessStatusCode();
        var resolved = await EngineApp.InstanceAsync(admin, missing);
        Assert.Equal(("COMPLETED", 10), (resolved["state"]!.GetValue<string>(), resolved["variables"]!["gebuehr"]!.GetValue<int>()));

        var high = await EngineApp.StartAsync(admin, DecisionModels.ProcessId, new { betrag = 500, art = "gewerblich" });
        var task = Assert.Single(await EngineApp.TasksAsync(admin, new { processInstanceKey = high }))!;
        Assert.Equal("pruefen", task["elementId"]!.GetValue<string>());
        var journal = (await admin.GetStringAsync($"/v2/process-instances/{high}/journal"));
        Assert.Contains("DecisionEvaluated", journal, StringComparison.Ordinal);

        var unique = await EngineApp.StartAsync(admin, DecisionModels.ProcessId, new { betrag = 500, art = "beides" });
        var violated = Assert.Single((await EngineApp.InstanceAsync(admin, unique))["incidents"]!.AsArray())!;
        Assert.Equal("DecisionEvaluation", violated["errorType"]!.GetValue<string>());
        Assert.Contains("'gebuehr'", violated["errorMessage"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("r2, r3", violated["errorMessage"]!.GetValue<string>(), StringComparison.Ordinal);
    });

    [Theory]
    [MemberData(nameof(Providers))]
    public Task Decisions_use_the_engines_clock_and_business_calendar(string provider) => RunAsync(provider, async app =>
    {
        // Parsed with a FEEL engine of its own, a decision saw the machine's clock and knew no working-day functions.
        const string Deadline = """
            <?xml version="1.0" encoding="UTF-8"?>
            <definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="fristen" name="Fristen" namespace="http://prozessengine.de/fristen">
              <decision id="naechster_arbeitstag" name="Nächster Arbeitstag">
                <variable id="v_naechster_arbeitstag" name="Nächster Arbeitstag" typeRef="date" />
                <literalExpression id="le_naechster_arbeitstag">
                  <text>add working days(today(), 5)</text>
                </literalExpression>
              </decision>
            </definitions>
            """;
        var admin = app.Admin();
        await EngineApp.JsonAsync(await EngineApp.DeployAsync(admin, ("fristen.dmn", Deadline)));

        var result = await EvaluateAsync(admin, new { decisionDefinitionId = "naechster_arbeitstag", variables = new { } });

        // Monday 23 November 2026 on the engine's clock; five working days later is Monday 30 November.
        Assert.Null(result["failedDecisionDefinitionId"]);
        Assert.Equal("\"2026-11-30\"", result["output"]!.GetValue<string>());
    });

    [Fact]
    public async Task Bad_requests_are_problems_naming_the_field_or_the_cell()
    {
        var app = new EngineApp(Clock);
        try
        {
            var admin = app.Admin();
            var broken = DecisionModels.FeeTable().Replace("&lt;= 100", "&lt;=", StringComparison.Ordinal);
            var rejected = await EngineApp.ProblemAsync(await EngineApp.DeployAsync(admin, ("gebuehren.dmn", broken)), 400);
            var error = Assert.Single(rejected["errors"]!.AsArray())!;
            Assert.Equal(("gebuehren.dmn", "r1a"), (error["resource"]!.GetValue<string>(), error["elementId"]!.GetValue<string>()));
            Assert.True(error["line"]!.GetValue<int>() > 0 && error["column"]!.GetValue<int>() > 0);

            await EngineApp.JsonAsync(await EngineApp.DeployAsync(admin, ("gebuehren.dmn", DecisionModels.FeeTable())));
            await AssertNamesAsync(admin, "/v2/decision-definitions/evaluation", new { variables = new { betrag = 1 } }, "decisionDefinitionId");
            await AssertNamesAsync(admin, "/v2/decision-definitions/evaluation", new { decisionDefinitionId = "gebuehr", decisionDefinitionKey = "1" },
                "decisionDefinitionKey");
            await AssertNamesAsync(admin, "/v2/decision-definitions/evaluation", new { decisionDefinitionId = "gebuehr", variables = new { betrag = 1 }, zeitpunkt = "jetzt" },
                "zeitpunkt");
            await AssertNamesAsync(admin, "/v2/decision-definitions/evaluation", new { decisionDefinitionId = "gebuehr", variables = new[] { 1 } }, "variables");
            await AssertNamesAsync(admin, "/v2/decision-definitions/search", new { filter = new { decisionRequirementsVersion = 1 } }, "filter.decisionRequirementsVersion");
            await AssertNamesAsync(admin, "/v2/decision-requirements/search", new { filter = new { gibtEsNicht = 1 } }, "filter.gibtEsNicht");
            await EngineApp.ProblemAsync(await admin.PostAsJsonAsync("/v2/decision-definitions/evaluation", new { decisionDefinitionId = "unbekannt" }), 404);
            await EngineApp.ProblemAsync(await admin.PostAsJsonAsync("/v2/decision-definitions/evaluation", new { decisionDefinitionKey = "4711" }), 404);

            var clerk = await app.ClerkAsync("erika", "fachamt");
            Assert.Equal(HttpStatusCode.Forbidden, (await clerk.PostAsJsonAsync("/v2/decision-definitions/evaluation", new { decisionDefinitionId = "gebuehr" })).StatusCode);
        }
        finally
        {
            await app.DisposeAsync();
            app.DeleteDatabaseFile();
        }
    }

    private static async Task AssertNamesAsync(HttpClient client, string path, object body, string field)
    {
        var problem = await EngineApp.ProblemAsync(await client.PostAsJsonAsync(path, body), 400);
        Assert.True(problem["errors"]?.AsObject().ContainsKey(field) == true, $"The problem does not name '{field}': {problem.ToJsonString()}");
    }
}
