using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using ProzessEngine.Host.Tests.Infrastructure;

namespace ProzessEngine.Host.Tests.Api;

/// <summary>
/// Substitutions (Vertretungen) through the API: a deputy sees, claims and completes the absent colleague's tasks and
/// group tasks while the substitution runs, in the colleague's name; who may set and end them.
/// </summary>
public sealed class SubstitutionApiTests
{
    /// <summary>Tuesday, 1 December 2026, 09:00 in Berlin.</summary>
    private static FakeTimeProvider Clock() => new(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero));

    /// <summary>A building application: a check for the bauamt group and a signature by Erika herself, at once.</summary>
    private const string Bauantrag = """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"
                          id="d" targetNamespace="http://bpmn.io/schema/bpmn">
          <bpmn:process id="bauantrag" isExecutable="true">
            <bpmn:startEvent id="start" />
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="split" />
            <bpmn:parallelGateway id="split" />
            <bpmn:sequenceFlow id="f2" sourceRef="split" targetRef="pruefen" />
            <bpmn:sequenceFlow id="f3" sourceRef="split" targetRef="zeichnen" />
            <bpmn:userTask id="pruefen" name="Vollständigkeit prüfen">
              <bpmn:extensionElements><zeebe:assignmentDefinition candidateGroups="bauamt" /></bpmn:extensionElements>
            </bpmn:userTask>
            <bpmn:userTask id="zeichnen" name="Bescheid zeichnen">
              <bpmn:extensionElements><zeebe:assignmentDefinition assignee="erika" /></bpmn:extensionElements>
            </bpmn:userTask>
            <bpmn:sequenceFlow id="f4" sourceRef="pruefen" targetRef="join" />
            <bpmn:sequenceFlow id="f5" sourceRef="zeichnen" targetRef="join" />
            <bpmn:parallelGateway id="join" />
            <bpmn:sequenceFlow id="f6" sourceRef="join" targetRef="end" />
            <bpmn:endEvent id="end" />
          </bpmn:process>
        </bpmn:definitions>
        """;

    private static async Task<Dictionary<string, string>> TasksByElementAsync(HttpClient client, string instanceKey) =>
        (await EngineApp.TasksAsync(client, new { processInstanceKey = instanceKey, state = "CREATED" }))
            .ToDictionary(t => t!["elementId"]!.GetValue<string>(), t => t!["userTaskKey"]!.GetValue<string>());

    [Theory]
    [MemberData(nameof(BothDatabases.Providers), MemberType = typeof(BothDatabases))]
    public Task While_the_substitution_runs_the_deputy_sees_claims_and_completes_the_absent_colleagues_tasks_in_her_name(string provider)
    {
        var clock = Clock();
        return BothDatabases.RunAsync(provider, nameof(SubstitutionApiTests), clock, async app =>
        {
            await EngineApp.JsonAsync(await EngineApp.DeployAsync(app.Admin(), ("bauantrag.bpmn", Bauantrag)));
            var key = await EngineApp.StartAsync(app.Admin(), "bauantrag");
            var erika = await app.ClerkAsync("erika", "bauamt");
            var max = await app.ClerkAsync("max", "ordnungsamt");
            Assert.Empty(await TasksByElementAsync(max, key));

            var created = await EngineApp.JsonAsync(await erika.PostAsJsonAsync("/v2/substitutions", new { deputies = new[] { "max" }, to = "2026-12-04" }));
            Assert.Equal(("erika", "ACTIVE", "erika"), (created["absentUserId"]!.GetValue<string>(), created["state"]!.GetValue<string>(),
                created["createdBy"]!.GetValue<string>()));
            Assert.Equal(clock.GetUtcNow(), created["from"]!.GetValue<DateTimeOffset>());
            Assert.Equal(new DateTimeOffset(2026, 12, 4, 23, 0, 0, TimeSpan.Zero), created["to"]!.GetValue<DateTimeOffset>());
            Assert.Equal(["bauamt"], created["absentUserGroups"]!.AsArray().Select(g => g!.GetValue<string>()));

            var tasks = await TasksByElementAsync(max, key);
            Assert.Equal(["pruefen", "zeichnen"], tasks.Keys.Order(StringComparer.Ordinal));
            await EngineApp.ProblemAsync(await max.PostAsJsonAsync($"/v2/user-tasks/{tasks["zeichnen"]}/assignment", new { assignee = "max" }), 409);
            Assert.Equal(HttpStatusCode.NoContent, (await max.PostAsJsonAsync($"/v2/user-tasks/{tasks["zeichnen"]}/assignment",
                new { assignee = "max", allowOverride = true })).StatusCode);
            Assert.Equal(HttpStatusCode.NoContent, (await max.PostAsJsonAsync($"/v2/user-tasks/{tasks["pruefen"]}/completion", new { })).StatusCode);

            var checkedTask = await EngineApp.JsonAsync(await app.Admin().GetAsync($"/v2/user-tasks/{tasks["pruefen"]}"));
            Assert.Equal(("max", "erika"), (checkedTask["completedBy"]!.GetValue<string>(), checkedTask["completedOnBehalfOf"]!.GetValue<string>()));
            var journal = (await app.Admin().GetFromJsonAsync<JsonArray>($"/v2/process-instances/{key}/journal"))!;
            var takeover = journal.Single(e => e!["command"]!.GetValue<string>() == "assign-user-task")!;
            var completion = journal.Single(e => e!["command"]!.GetValue<string>() == "complete-user-task")!;
            Assert.Equal(("user:max", "erika"), (takeover["actor"]!.GetValue<string>(), takeover["onBehalfOf"]!.GetValue<string>()));
            Assert.Equal("erika -> max", takeover["events"]![0]!["detail"]!.GetValue<string>());
            Assert.Equal("erika", completion["onBehalfOf"]!.GetValue<string>());
            Assert.Contains(completion["events"]!.AsArray(), e => e!["kind"]!.GetValue<string>() == "UserTaskCompleted"
                && e["detail"]!.GetValue<string>() == "user:max for user:erika");
            Assert.True((await EngineApp.JsonAsync(await app.Admin().PostAsync($"/v2/process-instances/{key}/journal/verification", null)))["valid"]!
                .GetValue<bool>());

            clock.Advance(TimeSpan.FromDays(4));
            max = await app.ClerkAsync("max", "ordnungsamt");
            var later = await EngineApp.StartAsync(app.Admin(), "bauantrag");
            var laterTask = (await TasksByElementAsync(app.Admin(), later))["pruefen"];
            Assert.Empty(await TasksByElementAsync(max, later));
            await EngineApp.ProblemAsync(await max.GetAsync($"/v2/user-tasks/{laterTask}"), 404);
            Assert.Equal(["zeichnen"], (await TasksByElementAsync(max, key)).Keys);
        });
    }

    [Theory]
    [MemberData(nameof(BothDatabases.Providers), MemberType = typeof(BothDatabases))]
    public Task Clerks_manage_their_own_substitutions_and_a_team_lead_those_of_everybody(string provider) =>
        BothDatabases.RunAsync(provider, nameof(SubstitutionApiTests), Clock(), async app =>
        {
            var erika = await app.ClerkAsync("erika", "bauamt");
            var max = await app.ClerkAsync("max", "ordnungsamt");
            var otto = await app.ClerkAsync("otto", "bauamt");
            var lena = await app.PersonAsync("lena", ["teamlead"], "bauamt");

            var forbidden = await EngineApp.ProblemAsync(await otto.PostAsJsonAsync("/v2/substitutions",
                new { absentUserId = "erika", deputies = new[] { "otto" }, to = "2026-12-10" }), 403);
            var byLead = await EngineApp.JsonAsync(await lena.PostAsJsonAsync("/v2/substitutions",
                new { absentUserId = "erika", deputies = new[] { "max", "otto" }, from = "2026-12-01", to = "2026-12-10" }));
            var ottosOwn = await EngineApp.JsonAsync(await otto.PostAsJsonAsync("/v2/substitutions",
                new { deputies = new[] { "lena" }, from = "2026-12-20", to = "2026-12-24" }));

            Assert.Contains("only a team lead", forbidden["detail"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.Equal(("lena", "ACTIVE"), (byLead["createdBy"]!.GetValue<string>(), byLead["state"]!.GetValue<string>()));
            Assert.Equal(["max", "otto"], byLead["deputies"]!.AsArray().Select(d => d!.GetValue<string>()));
            // Erika's groups come from her last sign-in: a team lead's request does not carry them.
            Assert.Equal(["bauamt"], byLead["absentUserGroups"]!.AsArray().Select(g => g!.GetValue<string>()));
            Assert.Equal(("PLANNED", new DateTimeOffset(2026, 12, 19, 23, 0, 0, TimeSpan.Zero)),
                (ottosOwn["state"]!.GetValue<string>(), ottosOwn["from"]!.GetValue<DateTimeOffset>()));
            Assert.Equal([ottosOwn["substitutionKey"]!.GetValue<string>(), byLead["substitutionKey"]!.GetValue<string>()], await KeysAsync(lena, ""));
            Assert.Equal([byLead["substitutionKey"]!.GetValue<string>()], await KeysAsync(erika, ""));
            Assert.Equal([byLead["substitutionKey"]!.GetValue<string>()], await KeysAsync(max, ""));
            Assert.Equal([byLead["substitutionKey"]!.GetValue<string>()], await KeysAsync(lena, "?state=active"));
            Assert.Equal([ottosOwn["substitutionKey"]!.GetValue<string>()], await KeysAsync(lena, "?absentUserId=otto"));
            await EngineApp.ProblemAsync(await lena.GetAsync("/v2/substitutions?state=morgen"), 400);

            var substitution = byLead["substitutionKey"]!.GetValue<string>();
            await EngineApp.ProblemAsync(await max.DeleteAsync($"/v2/substitutions/{substitution}"), 403);
            var anna = await app.ClerkAsync("anna", "bauamt");
            await EngineApp.ProblemAsync(await anna.DeleteAsync($"/v2/substitutions/{substitution}"), 404);
            Assert.Equal(HttpStatusCode.NoContent, (await erika.DeleteAsync($"/v2/substitutions/{substitution}")).StatusCode);
            await EngineApp.ProblemAsync(await erika.DeleteAsync($"/v2/substitutions/{substitution}"), 409);
            Assert.Equal(HttpStatusCode.NoContent, (await lena.DeleteAsync($"/v2/substitutions/{ottosOwn["substitutionKey"]}")).StatusCode);
            var left = (await EngineApp.JsonAsync(await lena.GetAsync("/v2/substitutions")))["items"]!.AsArray();
            Assert.Equal("ENDED", Assert.Single(left)!["state"]!.GetValue<string>());
        });

    [Fact]
    public async Task Bad_requests_name_every_field_at_fault_and_days_are_read_in_german_time()
    {
        await using var app = new EngineApp(Clock());
        try
        {
            var erika = await app.ClerkAsync("erika", "bauamt");

            var empty = await EngineApp.ProblemAsync(await erika.PostAsJsonAsync("/v2/substitutions", new { }), 400);
            var wrong = await EngineApp.ProblemAsync(await erika.PostAsJsonAsync("/v2/substitutions",
                new { deputies = new[] { "erika", " " }, from = "morgen", to = "2026-11-30" }), 400);
            var backwards = await EngineApp.ProblemAsync(await erika.PostAsJsonAsync("/v2/substitutions",
                new { deputies = new[] { "max" }, from = "2026-12-10", to = "2026-12-09T12:00:00+01:00" }), 400);
            var unknown = await EngineApp.ProblemAsync(await erika.PostAsJsonAsync("/v2/substitutions",
                new { deputies = new[] { "max" }, to = "2026-12-09", bis = "2026-12-09" }), 400);
            var summer = await EngineApp.JsonAsync(await erika.PostAsJsonAsync("/v2/substitutions",
                new { deputies = new[] { "max" }, from = "2027-07-01", to = "2027-07-02T12:00:00Z" }));

            Assert.Equal(["deputies", "to"], Fields(empty));
            Assert.Equal(["deputies[0]", "deputies[1]", "from", "to"], Fields(wrong));
            Assert.Contains("the absent person", wrong["errors"]!["deputies[0]"]![0]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.Equal("must come after from.", backwards["errors"]!["to"]![0]!.GetValue<string>());
            Assert.Contains("bis", unknown["detail"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.Equal(new DateTimeOffset(2027, 6, 30, 22, 0, 0, TimeSpan.Zero), summer["from"]!.GetValue<DateTimeOffset>());
            Assert.Equal(new DateTimeOffset(2027, 7, 2, 12, 0, 0, TimeSpan.Zero), summer["to"]!.GetValue<DateTimeOffset>());
        }
        finally
        {
            app.DeleteDatabaseFile();
        }
    }

    [Theory]
    [MemberData(nameof(BothDatabases.Providers), MemberType = typeof(BothDatabases))]
    public Task What_a_deputy_checked_for_a_colleague_keeps_both_from_the_payment_order(string provider) =>
        BothDatabases.RunAsync(provider, nameof(SubstitutionApiTests), Clock(), async app =>
        {
            var erika = await app.ClerkAsync("erika", "fachamt", "kasse");
            var max = await app.ClerkAsync("max", "kasse");
            (await erika.PostAsJsonAsync("/v2/substitutions", new { deputies = new[] { "max" }, to = "2026-12-04" })).EnsureSuccessStatusCode();
            var key = await EngineApp.StartAsync(app.System(), "rechnungsfreigabe", new { rechnungsnummer = "R-7", lieferant = "L", betrag = 8000 });
            var check = (await EngineApp.TasksAsync(max, new { processInstanceKey = key, state = "CREATED" })).Single()!["userTaskKey"]!.GetValue<string>();
            (await max.PostAsJsonAsync($"/v2/user-tasks/{check}/completion", new { variables = new { sachlichRichtig = true } })).EnsureSuccessStatusCode();
            var order = (await EngineApp.TasksAsync(app.Admin(), new { processInstanceKey = key, state = "CREATED" })).Single()!["userTaskKey"]!.GetValue<string>();

            var byMax = await EngineApp.ProblemAsync(await max.PostAsJsonAsync($"/v2/user-tasks/{order}/completion",
                new { variables = new { kassenzeichen = "K-77", angeordnet = true } }), 403);
            var byErika = await EngineApp.ProblemAsync(await erika.PostAsJsonAsync($"/v2/user-tasks/{order}/assignment", new { assignee = "erika" }), 403);

            Assert.Contains("von max für erika abgeschlossen", byMax["detail"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.Equal("erika", byErika["fourEyes"]!["person"]!.GetValue<string>());
        }, deployShippedWorkflows: true);

    private static string[] Fields(JsonObject problem) => [.. problem["errors"]!.AsObject().Select(e => e.Key).Order(StringComparer.Ordinal)];

    private static async Task<List<string>> KeysAsync(HttpClient client, string query) =>
        [.. (await EngineApp.JsonAsync(await client.GetAsync("/v2/substitutions" + query)))["items"]!.AsArray()
            .Select(s => s!["substitutionKey"]!.GetValue<string>())];
}
