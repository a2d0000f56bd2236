using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using ProzessEngine.Host.Tests.Infrastructure;
using ProzessEngine.Testing;

namespace ProzessEngine.Host.Tests.Api;

/// <summary>
/// The task list through HTTP, on SQLite and PostgreSQL: title and columns, the search's new filters, cursor paging,
/// follow-up dates, due dates in working days, and updates journaled with old and new values.
/// </summary>
public abstract class TaskListApiTests : IAsyncLifetime
{
    private const string Invoice = """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"
                          id="d" targetNamespace="http://bpmn.io/schema/bpmn">
          <bpmn:process id="rechnung" name="Rechnungsfreigabe" isExecutable="true">
            <bpmn:extensionElements><zeebe:properties>
              <zeebe:property name="prozessengine:taskTitle" value="&quot;Rechnung &quot; + rechnungsnummer + &quot; · &quot; + string(betrag) + &quot; €&quot;" />
              <zeebe:property name="prozessengine:taskColumns" value="rechnungsnummer, betrag, lieferant" />
            </zeebe:properties></bpmn:extensionElements>
            <bpmn:startEvent id="start" />
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="pruefen" />
            <bpmn:userTask id="pruefen" name="Sachlich prüfen">
              <bpmn:extensionElements>
                <zeebe:userTask />
                <zeebe:assignmentDefinition candidateGroups="=gruppe" />
                <zeebe:taskSchedule dueDate="=add working days(now(), tage)" />
              </bpmn:extensionElements>
            </bpmn:userTask>
            <bpmn:sequenceFlow id="f2" sourceRef="pruefen" targetRef="end" />
            <bpmn:endEvent id="end" />
          </bpmn:process>
        </bpmn:definitions>
        """;

    private EngineApp _app = null!;
    private HttpClient _admin = null!;

    protected abstract Task<EngineApp> CreateAppAsync(FakeTimeProvider clock);

    public async Task InitializeAsync()
    {
        // Monday 21 December 2026, 09:00 in Berlin.
        _app = await CreateAppAsync(new FakeTimeProvider(new DateTimeOffset(2026, 12, 21, 8, 0, 0, TimeSpan.Zero)));
        _admin = _app.Admin();
        await EngineApp.JsonAsync(await EngineApp.DeployAsync(_admin, ("rechnung.bpmn", Invoice)));
    }

    public virtual async Task DisposeAsync() => await _app.DisposeAsync();

    private Task<string> StartAsync(string number, decimal amount, string supplier, string group = "fachamt", int days = 10) =>
        EngineApp.StartAsync(_app.System(), "rechnung", new { rechnungsnummer = number, betrag = amount, lieferant = supplier, gruppe = group, tage = days });

    private static async Task<JsonObject> SearchAsync(HttpClient client, string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        return await EngineApp.JsonAsync(await client.PostAsync("/v2/user-tasks/search", content));
    }

    private static async Task<JsonObject> ProblemAsync(HttpClient client, string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        return await EngineApp.ProblemAsync(await client.PostAsync("/v2/user-tasks/search", content), 400);
    }

    private static List<string> Numbers(JsonObject result) =>
        [.. result["items"]!.AsArray().Select(t => t!["columns"]!["rechnungsnummer"]!.GetValue<string>())];

    private async Task<string> TaskOfAsync(string instance) =>
        Assert.Single(await EngineApp.TasksAsync(_admin, new { processInstanceKey = instance }))!["userTaskKey"]!.GetValue<string>();

    [Fact]
    public async Task A_task_answers_with_its_title_columns_and_a_due_date_ten_working_days_ahead()
    {
        var instance = await StartAsync("R-4711", 7350.2m, "Müller GmbH");

        var task = await EngineApp.JsonAsync(await _admin.GetAsync($"/v2/user-tasks/{await TaskOfAsync(instance)}"));

        Assert.Equal("Rechnung R-4711 · 7350.2 €", task["title"]!.GetValue<string>());
        Assert.Equal("Müller GmbH", task["columns"]!["lieferant"]!.GetValue<string>());
        Assert.Equal(7350.2m, task["columns"]!["betrag"]!.GetValue<decimal>());
        // Ten Bavarian working days from Monday 21 December skip Christmas, New Year and 6 January: Thursday 7 January, 09:00.
        Assert.Equal(new DateTimeOffset(2027, 1, 7, 9, 0, 0, TimeSpan.FromHours(1)), DateTimeOffset.Parse(task["dueDate"]!.GetValue<string>(),
            System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task The_search_filters_by_text_variables_several_groups_and_due_dates()
    {
        await StartAsync("R-1", 7350.2m, "Müller GmbH", "fachamt", days: 10);
        await StartAsync("R-2", 99m, "Schmidt KG", "kasse", days: 2);
        await StartAsync("R-3", 12m, "Müller & Söhne", "bauamt", days: 5);

        Assert.Equal(["R-1", "R-3"], Numbers(await SearchAsync(_admin, """{ "filter": { "text": "müller" }, "sort": [{ "field": "dueDate", "order": "DESC" }] }""")));
        Assert.Equal(["R-1"], Numbers(await SearchAsync(_admin, """{ "filter": { "text": "7.350,20" } }""")));
        Assert.Equal(["R-2"], Numbers(await SearchAsync(_admin,
            """{ "filter": { "processInstanceVariables": [{ "name": "rechnungsnummer", "value": "\"R-2\"" }, { "name": "betrag", "value": "99.00" }] } }""")));
        Assert.Equal(["R-2", "R-1"], Numbers(await SearchAsync(_admin,
            """{ "filter": { "candidateGroup": { "$in": ["fachamt", "kasse"] } }, "sort": [{ "field": "dueDate" }] }""")));
        Assert.Equal(["R-3"], Numbers(await SearchAsync(_admin,
            """{ "filter": { "dueDate": { "$gte": "2026-12-29T00:00:00+01:00", "$lt": "2027-01-05T00:00:00+01:00" } } }""")));
        Assert.Equal(["R-1"], Numbers(await SearchAsync(_admin, """{ "filter": { "title": { "$like": "Rechnung R-1 *" } } }""")));

        var erika = await _app.ClerkAsync("erika", "kasse", "bauamt");
        Assert.Equal(["R-2", "R-3"], Numbers(await SearchAsync(erika, """{ "filter": { "state": "CREATED" }, "sort": [{ "field": "dueDate" }] }""")));
    }

    [Fact]
    public async Task Cursor_pages_follow_each_other_and_the_answer_says_whether_more_were_counted()
    {
        for (var i = 0; i < 5; i++)
        {
            await StartAsync($"R-{i}", i, "Lieferant", days: 5 - i);
        }

        var first = await SearchAsync(_admin, """{ "sort": [{ "field": "dueDate" }], "page": { "limit": 2 } }""");
        Assert.Equal(["R-4", "R-3"], Numbers(first));
        Assert.Equal(5, first["page"]!["totalItems"]!.GetValue<int>());
        Assert.False(first["page"]!["hasMoreTotalItems"]!.GetValue<bool>());
        var second = await SearchAsync(_admin, $$"""{ "sort": [{ "field": "dueDate" }], "page": { "limit": 2, "after": "{{first["page"]!["endCursor"]}}" } }""");
        Assert.Equal(["R-2", "R-1"], Numbers(second));
        var back = await SearchAsync(_admin, $$"""{ "sort": [{ "field": "dueDate" }], "page": { "limit": 2, "before": "{{second["page"]!["startCursor"]}}" } }""");
        Assert.Equal(["R-4", "R-3"], Numbers(back));
    }

    [Theory]
    [InlineData("""{ "page": { "from": 0, "after": "abc" } }""", "page.after", "not both")]
    [InlineData("""{ "page": { "after": "abc" } }""", "page.after", "is not a cursor of this search")]
    [InlineData("""{ "page": { "after": "a", "before": "b" } }""", "page.before", "not both")]
    [InlineData("""{ "filter": { "processInstanceVariables": [{ "name": "rechnungsnummer", "value": "R-1" }] } }""",
        "filter.processInstanceVariables[0].value", "as JSON text")]
    [InlineData("""{ "filter": { "processInstanceVariables": [{ "name": "positionen", "value": "[1, 2]" }] } }""",
        "filter.processInstanceVariables[0].value", "lists, objects")]
    [InlineData("""{ "filter": { "processInstanceVariables": [{ "name": "betrag", "value": "1", "operator": "gt" }] } }""",
        "filter.processInstanceVariables[0].operator", "takes name and value")]
    [InlineData("""{ "filter": { "processInstanceVariables": [{ "value": "1" }] } }""", "filter.processInstanceVariables[0].name", "required")]
    [InlineData("""{ "filter": { "processInstanceVariables": [] } }""", "filter.processInstanceVariables", "non-empty list")]
    [InlineData("""{ "filter": { "text": { "$like": "m*" } } }""", "filter.text", "plain value")]
    [InlineData("""{ "filter": { "followUpPending": "ja" } }""", "filter.followUpPending", "true or false")]
    [InlineData("""{ "filter": { "localVariables": [] } }""", "filter.localVariables", "not supported")]
    public async Task A_wrong_search_is_a_400_naming_the_field(string body, string field, string hint)
    {
        var problem = await ProblemAsync(_admin, body);

        var errors = problem["errors"]!.AsObject();
        Assert.True(errors.ContainsKey(field), problem.ToJsonString());
        Assert.Contains(hint, errors[field]!.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cursor_of_another_order_or_another_search_is_refused()
    {
        await StartAsync("R-1", 1, "A");
        var cursor = (await SearchAsync(_admin, """{ "sort": [{ "field": "dueDate" }] }"""))["page"]!["endCursor"]!.GetValue<string>();

        var problem = await ProblemAsync(_admin, $$"""{ "sort": [{ "field": "priority" }], "page": { "after": "{{cursor}}" } }""");
        Assert.Contains("another sort order", problem["errors"]!["page.after"]!.ToJsonString(), StringComparison.Ordinal);

        using var content = new StringContent($$"""{ "page": { "after": "{{cursor}}" } }""", Encoding.UTF8, "application/json");
        var other = await EngineApp.ProblemAsync(await _admin.PostAsync("/v2/process-instances/search", content), 400);
        Assert.Contains("not supported by the process instances search", other["errors"]!["page.after"]!.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_clerk_holding_a_task_puts_it_on_follow_up_and_the_journal_says_from_what_to_what_and_who()
    {
        var instance = await StartAsync("R-1", 1, "A");
        await StartAsync("R-2", 2, "B");
        var task = await TaskOfAsync(instance);
        var erika = await _app.ClerkAsync("erika", "fachamt");
        var max = await _app.ClerkAsync("max", "fachamt");

        // Not held by max: 403; held by erika, but the priority is an operator's: 403.
        Assert.Equal(HttpStatusCode.Forbidden, (await max.PatchAsJsonAsync($"/v2/user-tasks/{task}",
            new { changeset = new { followUpDate = "2026-12-28T08:00:00+01:00" } })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await erika.PostAsJsonAsync($"/v2/user-tasks/{task}/assignment", new { assignee = "erika" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await erika.PatchAsJsonAsync($"/v2/user-tasks/{task}",
            new { changeset = new { followUpDate = "2026-12-28T08:00:00+01:00", priority = 90 } })).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await erika.PatchAsJsonAsync($"/v2/user-tasks/{task}",
            new { changeset = new { followUpDate = "2026-12-28T08:00:00+01:00" } })).StatusCode);

        Assert.Equal(["R-2"], Numbers(await SearchAsync(erika, """{ "filter": { "followUpPending": false } }""")));
        Assert.Equal(["R-1"], Numbers(await SearchAsync(erika, """{ "filter": { "followUpPending": true } }""")));
        _app.Clock.Advance(TimeSpan.FromDays(7));
        erika = await _app.ClerkAsync("erika", "fachamt");
        Assert.Equal(2, Numbers(await SearchAsync(erika, """{ "filter": { "followUpPending": false } }""")).Count);

        Assert.Equal(HttpStatusCode.NoContent, (await _admin.PatchAsJsonAsync($"/v2/user-tasks/{task}",
            new { changeset = new { priority = 90, dueDate = "2027-01-15T12:00:00+01:00" } })).StatusCode);
        var journal = JsonNode.Parse(await (await _admin.GetAsync($"/v2/process-instances/{instance}/journal")).Content.ReadAsStringAsync())!.AsArray();
        var updates = journal.Where(e => e!["command"]!.GetValue<string>() == "update-user-task").ToList();
        Assert.Equal(2, updates.Count);
        Assert.Contains("erika", updates[0]!["actor"]!.GetValue<string>(), StringComparison.Ordinal);
        var followUp = Detail(updates[0]!);
        Assert.Null(followUp["followUpDate"]!["old"]);
        Assert.StartsWith("2026-12-28T08:00:00", followUp["followUpDate"]!["new"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("testadmin", updates[1]!["actor"]!.GetValue<string>(), StringComparison.Ordinal);
        var byOperator = Detail(updates[1]!);
        Assert.Equal(50, byOperator["priority"]!["old"]!.GetValue<int>());
        Assert.Equal(90, byOperator["priority"]!["new"]!.GetValue<int>());
        Assert.Equal(new DateTimeOffset(2027, 1, 7, 9, 0, 0, TimeSpan.FromHours(1)),
            DateTimeOffset.Parse(byOperator["dueDate"]!["old"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task A_title_with_a_feel_syntax_error_is_refused_at_deployment_naming_the_process()
    {
        var broken = Invoice.Replace("&quot; €&quot;\" />", "&quot; €&quot; +\" />", StringComparison.Ordinal);

        var problem = await EngineApp.ProblemAsync(await EngineApp.DeployAsync(_admin, ("rechnung.bpmn", broken)), 400);

        Assert.Contains("prozessengine:taskTitle", problem.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("rechnung", problem.ToJsonString(), StringComparison.Ordinal);
    }

    private static JsonNode Detail(JsonNode entry) =>
        JsonNode.Parse(entry["events"]!.AsArray().Single(e => e!["kind"]!.GetValue<string>() == "UserTaskUpdated")!["detail"]!.GetValue<string>())!;
}

public sealed class SqliteTaskListApiTests : TaskListApiTests
{
    private EngineApp? _app;

    protected override Task<EngineApp> CreateAppAsync(FakeTimeProvider clock) => Task.FromResult(_app = new EngineApp(clock));

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _app?.DeleteDatabaseFile();
    }
}

public sealed class PostgresTaskListApiTests : TaskListApiTests
{
    private PostgresServer? _server;
    private string? _database;

    protected override async Task<EngineApp> CreateAppAsync(FakeTimeProvider clock)
    {
        _server = await PostgresServer.GetAsync();
        _database = await _server.CreateDatabaseAsync(nameof(PostgresTaskListApiTests));
        return new EngineApp(clock, postgresConnectionString: _database);
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await _server!.DropDatabaseAsync(_database!);
    }
}
