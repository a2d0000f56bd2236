using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using ProzessEngine.Host.Tests.Infrastructure;
using ProzessEngine.Testing;

namespace ProzessEngine.Host.Tests.Api;

/// <summary>
/// Camunda 8's job-based features through the REST API, as a worker uses them: execution listeners, user task
/// listeners with denials and corrections, and the ad-hoc sub-process agent pattern. Runs on SQLite and PostgreSQL.
/// </summary>
public abstract class ListenerApiTests : IAsyncLifetime
{
    private EngineApp _app = null!;
    private HttpClient _admin = null!;
    private HttpClient _worker = null!;

    protected abstract Task<string?> CreatePostgresDatabaseAsync();

    protected abstract Task DropPostgresDatabaseAsync(string connectionString);

    private string? _postgres;

    public async Task InitializeAsync()
    {
        _postgres = await CreatePostgresDatabaseAsync();
        _app = new EngineApp(new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero)), postgresConnectionString: _postgres);
        _admin = _app.Admin();
        _worker = _app.System();
        await EngineApp.JsonAsync(await EngineApp.DeployAsync(_admin,
            ("listener.bpmn", ExecutionListenerModel), ("aufgabe.bpmn", TaskListenerModel), ("agent.bpmn", AgentModel)));
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        if (_postgres is not null)
        {
            await DropPostgresDatabaseAsync(_postgres);
        }
        else
        {
            _app.DeleteDatabaseFile();
        }
    }

    [Fact]
    public async Task Execution_listener_jobs_carry_their_kind_and_event_and_hold_up_the_task()
    {
        var instance = await EngineApp.StartAsync(_worker, "mit-listener", new { antrag = "A-1" });

        var listener = await SingleJobAsync("vorpruefung");
        Assert.Equal("EXECUTION_LISTENER", listener["kind"]!.GetValue<string>());
        Assert.Equal("START", listener["listenerEventType"]!.GetValue<string>());
        Assert.Equal(instance, listener["processInstanceKey"]!.GetValue<string>());
        Assert.Empty(await ActivateAsync("pruefen"));

        await CompleteAsync(listener, new { variables = new { vorgeprueft = true } });

        var job = await SingleJobAsync("pruefen");
        Assert.Equal("BPMN_ELEMENT", job["kind"]!.GetValue<string>());
        Assert.Equal("UNSPECIFIED", job["listenerEventType"]!.GetValue<string>());
        Assert.True(job["variables"]!["vorgeprueft"]!.GetValue<bool>(), "the start listener's variable is a local variable of the task");
    }

    [Fact]
    public async Task A_listener_job_cannot_throw_a_bpmn_error()
    {
        await EngineApp.StartAsync(_worker, "mit-listener");
        var listener = await SingleJobAsync("vorpruefung");

        var problem = await EngineApp.ProblemAsync(await _worker.PostAsJsonAsync($"/v2/jobs/{Key(listener)}/error", new { errorCode = "FEHLER" }), 409);

        Assert.Contains("listener", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failed_listener_is_an_incident_and_resolving_it_offers_the_listener_again()
    {
        var instance = await EngineApp.StartAsync(_worker, "mit-listener");
        var listener = await SingleJobAsync("vorpruefung");

        Assert.Equal(HttpStatusCode.NoContent,
            (await _worker.PostAsJsonAsync($"/v2/jobs/{Key(listener)}/failure", new { retries = 0, errorMessage = "Register weg" })).StatusCode);
        var incidents = await EngineApp.JsonAsync(await _admin.PostAsJsonAsync("/v2/incidents/search", new { filter = new { processInstanceKey = instance } }));
        var incident = Assert.Single(incidents["items"]!.AsArray())!;
        Assert.Equal(Key(listener), incident["jobKey"]!.GetValue<string>());
        Assert.Empty(await ActivateAsync("vorpruefung"));
        Assert.Equal(HttpStatusCode.NoContent, (await _admin.PostAsync($"/v2/incidents/{incident["incidentKey"]!.GetValue<string>()}/resolution", null)).StatusCode);

        var again = await SingleJobAsync("vorpruefung");
        Assert.NotEqual(Key(listener), Key(again));
    }

    [Fact]
    public async Task Cancelling_the_instance_withdraws_the_open_listener_job()
    {
        var instance = await EngineApp.StartAsync(_worker, "mit-listener");
        var listener = await SingleJobAsync("vorpruefung");

        Assert.Equal(HttpStatusCode.NoContent, (await _admin.PostAsync($"/v2/process-instances/{instance}/cancellation", null)).StatusCode);

        await EngineApp.ProblemAsync(await _worker.PostAsJsonAsync($"/v2/jobs/{Key(listener)}/completion", new { }), 404);
    }

    [Fact]
    public async Task Task_listeners_see_the_task_correct_it_and_deny_its_completion()
    {
        var instance = await EngineApp.StartAsync(_worker, "aufgabe-mit-listener");
        var task = await TaskAsync(instance);
        var key = task["userTaskKey"]!.GetValue<string>();

        Assert.Equal(HttpStatusCode.NoContent, (await _admin.PostAsJsonAsync($"/v2/user-tasks/{key}/assignment", new { assignee = "erika", action = "claim" })).StatusCode);
        Assert.Equal("ASSIGNING", (await TaskAsync(instance))["state"]!.GetValue<string>());
        await EngineApp.ProblemAsync(await _admin.PostAsJsonAsync($"/v2/user-tasks/{key}/completion", new { }), 409);

        var assigning = await SingleJobAsync("zuweisung");
        Assert.Equal("TASK_LISTENER", assigning["kind"]!.GetValue<string>());
        Assert.Equal("ASSIGNING", assigning["listenerEventType"]!.GetValue<string>());
        Assert.Equal("bau", assigning["customHeaders"]!["abteilung"]!.GetValue<string>());
        var seen = assigning["userTask"]!;
        Assert.Equal(key, seen["userTaskKey"]!.GetValue<string>());
        Assert.Equal("erika", seen["assignee"]!.GetValue<string>());
        Assert.Equal("claim", seen["action"]!.GetValue<string>());
        Assert.Equal(["assignee"], seen["changedAttributes"]!.AsArray().Select(a => a!.GetValue<string>()));
        Assert.Equal("erika", assigning["customHeaders"]!["io.camunda.zeebe:assignee"]!.GetValue<string>());
        await CompleteAsync(assigning, new { result = new { type = "userTask", corrections = new { priority = 80, candidateGroups = new[] { "bauamt" } } } });

        task = await TaskAsync(instance);
        Assert.Equal("CREATED", task["state"]!.GetValue<string>());
        Assert.Equal("erika", task["assignee"]!.GetValue<string>());
        Assert.Equal(80, task["priority"]!.GetValue<int>());
        Assert.Equal(["bauamt"], task["candidateGroups"]!.AsArray().Select(g => g!.GetValue<string>()));

        Assert.Equal(HttpStatusCode.NoContent, (await _admin.PostAsJsonAsync($"/v2/user-tasks/{key}/completion", new { variables = new { ok = true } })).StatusCode);
        Assert.Equal("COMPLETING", (await TaskAsync(instance))["state"]!.GetValue<string>());
        await CompleteAsync(await SingleJobAsync("abschluss"), new { result = new { denied = true, deniedReason = "Begründung fehlt" } });

        Assert.Equal("CREATED", (await TaskAsync(instance))["state"]!.GetValue<string>());
        Assert.Equal("ACTIVE", (await EngineApp.InstanceAsync(_admin, instance))["state"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NoContent, (await _admin.PostAsJsonAsync($"/v2/user-tasks/{key}/completion", new { variables = new { ok = true } })).StatusCode);
        await CompleteAsync(await SingleJobAsync("abschluss"), new { });

        Assert.Equal("COMPLETED", (await EngineApp.InstanceAsync(_admin, instance))["state"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_update_goes_through_the_updating_listener_and_clears_what_it_is_told_to()
    {
        var instance = await EngineApp.StartAsync(_worker, "aufgabe-mit-listener");
        var key = (await TaskAsync(instance))["userTaskKey"]!.GetValue<string>();

        var update = new HttpRequestMessage(HttpMethod.Patch, $"/v2/user-tasks/{key}")
        {
            Content = JsonContent.Create(new { changeset = new { dueDate = "2026-12-24T10:00:00+01:00", followUpDate = "", candidateUsers = new[] { "otto" } } }),
        };
        Assert.Equal(HttpStatusCode.NoContent, (await _admin.SendAsync(update)).StatusCode);
        Assert.Equal("UPDATING", (await TaskAsync(instance))["state"]!.GetValue<string>());
        var updating = await SingleJobAsync("aenderung");
        Assert.Contains("dueDate", updating["userTask"]!["changedAttributes"]!.AsArray().Select(a => a!.GetValue<string>()));
        await CompleteAsync(updating, new { result = new { corrections = new { priority = 10 } } });

        var task = await TaskAsync(instance);
        Assert.Equal("CREATED", task["state"]!.GetValue<string>());
        Assert.Equal(DateTimeOffset.Parse("2026-12-24T09:00:00Z", System.Globalization.CultureInfo.InvariantCulture),
            task["dueDate"]!.GetValue<DateTimeOffset>());
        Assert.Equal(10, task["priority"]!.GetValue<int>());
        Assert.Equal(["otto"], task["candidateUsers"]!.AsArray().Select(u => u!.GetValue<string>()));
    }

    [Fact]
    public async Task A_result_that_does_not_fit_its_job_is_a_400_naming_the_field()
    {
        var instance = await EngineApp.StartAsync(_worker, "mit-listener");
        var listener = await SingleJobAsync("vorpruefung");
        await CompleteAsync(listener, new { });
        var job = await SingleJobAsync("pruefen");

        var wrongType = await EngineApp.ProblemAsync(await _worker.PostAsJsonAsync($"/v2/jobs/{Key(job)}/completion",
            new { result = new { type = "userTask", denied = true } }), 400);
        var unknownType = await EngineApp.ProblemAsync(await _worker.PostAsJsonAsync($"/v2/jobs/{Key(job)}/completion",
            new { result = new { type = "serviceTask" } }), 400);
        var unknownField = await EngineApp.ProblemAsync(await _worker.PostAsJsonAsync($"/v2/jobs/{Key(job)}/completion",
            new { result = new { type = "userTask", corrections = new { farbe = "rot" } } }), 400);
        var badPriority = await EngineApp.ProblemAsync(await _worker.PostAsJsonAsync($"/v2/jobs/{Key(job)}/completion",
            new { result = new { corrections = new { priority = 101 } } }), 400);
        var misspelled = await EngineApp.ProblemAsync(await _worker.PostAsJsonAsync($"/v2/jobs/{Key(job)}/completion",
            new { reslt = new { } }), 400);

        Assert.NotNull(wrongType["errors"]!["result.type"]);
        Assert.NotNull(unknownType["errors"]!["result.type"]);
        Assert.NotNull(unknownField["errors"]!["result.corrections.farbe"]);
        Assert.NotNull(badPriority["errors"]!["result.corrections.priority"]);
        Assert.NotNull(misspelled["errors"]!["reslt"]);
        Assert.Equal("ACTIVE", (await EngineApp.InstanceAsync(_admin, instance))["state"]!.GetValue<string>());

        var taskInstance = await EngineApp.StartAsync(_worker, "aufgabe-mit-listener");
        var taskKey = (await TaskAsync(taskInstance))["userTaskKey"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.NoContent, (await _admin.PostAsJsonAsync($"/v2/user-tasks/{taskKey}/completion", new { })).StatusCode);
        var withVariables = await EngineApp.ProblemAsync(await _worker.PostAsJsonAsync($"/v2/jobs/{Key(await SingleJobAsync("abschluss"))}/completion",
            new { variables = new { x = 1 } }), 400);
        Assert.NotNull(withVariables["errors"]!["variables"]);
    }

    [Fact]
    public async Task The_agent_pattern_runs_through_several_rounds()
    {
        var instance = await EngineApp.StartAsync(_worker, "agent", new { frage = "Ist Erika gemeldet?" });

        var round1 = await SingleJobAsync("agent");
        Assert.Equal("AD_HOC_SUB_PROCESS", round1["kind"]!.GetValue<string>());
        var elements = round1["variables"]!["adHocSubProcessElements"]!.AsArray();
        Assert.Equal(["register", "rueckfrage"], elements.Select(e => e!["elementId"]!.GetValue<string>()).Order(StringComparer.Ordinal));
        Assert.Equal("Fragt das Melderegister ab.", elements.Single(e => e!["elementId"]!.GetValue<string>() == "register")!["documentation"]!.GetValue<string>());
        await CompleteAsync(round1, new
        {
            result = new { type = "adHocSubProcess", activateElements = new[] { new { elementId = "register", variables = new { toolCall = new { id = "c1", name = "register" } } } } },
        });

        var tool = await SingleJobAsync("register");
        Assert.Equal("c1", tool["variables"]!["toolCall"]!["id"]!.GetValue<string>());
        await CompleteAsync(tool, new { variables = new { toolCallResult = "gemeldet seit 2001" } });

        var round2 = await SingleJobAsync("agent");
        Assert.Equal("gemeldet seit 2001", round2["variables"]!["toolCallResults"]![0]!["content"]!.GetValue<string>());
        var bad = await EngineApp.ProblemAsync(await _worker.PostAsJsonAsync($"/v2/jobs/{Key(round2)}/completion",
            new { result = new { type = "adHocSubProcess", activateElements = new[] { new { elementId = "gibt-es-nicht" } } } }), 400);
        Assert.NotNull(bad["errors"]!["result.activateElements[0].elementId"]);
        await CompleteAsync(round2, new { result = new { type = "adHocSubProcess", isCompletionConditionFulfilled = true }, variables = new { antwort = "ja" } });

        var done = await EngineApp.InstanceAsync(_admin, instance);
        Assert.Equal("COMPLETED", done["state"]!.GetValue<string>());
    }

    // ---------------------------------------------------------------- helpers

    private static string Key(JsonNode job) => job["jobKey"]!.GetValue<string>();

    private async Task<JsonArray> ActivateAsync(string type) =>
        (await EngineApp.JsonAsync(await _worker.PostAsJsonAsync("/v2/jobs/activation", new { type, worker = "test", maxJobsToActivate = 5 })))["jobs"]!.AsArray();

    private async Task<JsonNode> SingleJobAsync(string type) => Assert.Single(await ActivateAsync(type))!;

    private async Task CompleteAsync(JsonNode job, object body)
    {
        var response = await _worker.PostAsJsonAsync($"/v2/jobs/{Key(job)}/completion", body);
        Assert.True(response.StatusCode == HttpStatusCode.NoContent, await response.Content.ReadAsStringAsync());
    }

    private async Task<JsonNode> TaskAsync(string instance) => Assert.Single(await EngineApp.TasksAsync(_admin, new { processInstanceKey = instance }))!;

    private const string ExecutionListenerModel = """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d1" targetNamespace="t">
          <bpmn:process id="mit-listener" isExecutable="true">
            <bpmn:startEvent id="start" />
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="task" />
            <bpmn:serviceTask id="task">
              <bpmn:extensionElements>
                <zeebe:taskDefinition type="pruefen" />
                <zeebe:executionListeners><zeebe:executionListener eventType="start" type="vorpruefung" retries="1" /></zeebe:executionListeners>
              </bpmn:extensionElements>
            </bpmn:serviceTask>
            <bpmn:sequenceFlow id="f2" sourceRef="task" targetRef="end" />
            <bpmn:endEvent id="end" />
          </bpmn:process>
        </bpmn:definitions>
        """;

    private const string TaskListenerModel = """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d2" targetNamespace="t">
          <bpmn:process id="aufgabe-mit-listener" isExecutable="true">
            <bpmn:startEvent id="start" />
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="pruefen" />
            <bpmn:userTask id="pruefen" name="Antrag prüfen">
              <bpmn:extensionElements>
                <zeebe:userTask />
                <zeebe:assignmentDefinition candidateGroups="fachamt" />
                <zeebe:taskSchedule followUpDate="2026-12-01T09:00:00Z" />
                <zeebe:taskHeaders><zeebe:header key="abteilung" value="bau" /></zeebe:taskHeaders>
                <zeebe:taskListeners>
                  <zeebe:taskListener eventType="assigning" type="zuweisung" />
                  <zeebe:taskListener eventType="updating" type="aenderung" />
                  <zeebe:taskListener eventType="completing" type="abschluss" />
                </zeebe:taskListeners>
              </bpmn:extensionElements>
            </bpmn:userTask>
            <bpmn:sequenceFlow id="f2" sourceRef="pruefen" targetRef="end" />
            <bpmn:endEvent id="end" />
          </bpmn:process>
        </bpmn:definitions>
        """;

    private const string AgentModel = """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d3" targetNamespace="t">
          <bpmn:process id="agent" isExecutable="true">
            <bpmn:startEvent id="start" />
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="agent_task" />
            <bpmn:adHocSubProcess id="agent_task" name="KI-Agent">
              <bpmn:extensionElements>
                <zeebe:taskDefinition type="agent" retries="3" />
                <zeebe:adHoc outputCollection="toolCallResults" outputElement="={id: toolCall.id, name: toolCall.name, content: toolCallResult}" />
              </bpmn:extensionElements>
              <bpmn:serviceTask id="register" name="Register abfragen">
                <bpmn:documentation>Fragt das Melderegister ab.</bpmn:documentation>
                <bpmn:extensionElements><zeebe:taskDefinition type="register" /></bpmn:extensionElements>
              </bpmn:serviceTask>
              <bpmn:userTask id="rueckfrage" name="Rückfrage an die Sachbearbeitung" />
            </bpmn:adHocSubProcess>
            <bpmn:sequenceFlow id="f2" sourceRef="agent_task" targetRef="end" />
            <bpmn:endEvent id="end" />
          </bpmn:process>
        </bpmn:definitions>
        """;
}

public sealed class SqliteListenerApiTests : ListenerApiTests
{
    protected override Task<string?> CreatePostgresDatabaseAsync() => Task.FromResult<string?>(null);

    protected override Task DropPostgresDatabaseAsync(string connectionString) => Task.CompletedTask;
}

public sealed class PostgresListenerApiTests : ListenerApiTests
{
    protected override async Task<string?> CreatePostgresDatabaseAsync() =>
        await (await PostgresServer.GetAsync()).CreateDatabaseAsync(nameof(PostgresListenerApiTests));

    protected override async Task DropPostgresDatabaseAsync(string connectionString) => await (await PostgresServer.GetAsync()).DropDatabaseAsync(connectionString);
}
