using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using ProzessEngine.Host.Tests.Api.Search;
using ProzessEngine.Host.Tests.Infrastructure;

namespace ProzessEngine.Host.Tests.Api;

/// <summary>
/// Nothing in a request is silently ignored: a property no endpoint reads is a 400 naming it, and a Camunda 8 field the
/// engine does not honour is refused as soon as it asks for something, while the defaults Camunda's clients send pass.
/// </summary>
public sealed class StrictRequestTests : IAsyncLifetime
{
    private readonly EngineApp _app = new(new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero)));

    public async Task InitializeAsync()
    {
        await EngineApp.JsonAsync(await EngineApp.DeployAsync(_app.Admin(), ("antrag.bpmn", SearchData.Application("Antrag", "Prüfen")),
            ("abruf.bpmn", SearchData.Lookup)));
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        _app.DeleteDatabaseFile();
    }

    [Theory]
    [InlineData("/v2/process-instances", """{ "processDefinitionId": "antrag", "variable": { "prio": 1 } }""", "variable")]
    [InlineData("/v2/process-instances", """{ "processDefinitionId": "antrag", "startInstructions": [{ "elementId": "pruefen" }] }""", "startInstructions")]
    [InlineData("/v2/process-instances", """{ "processDefinitionId": "antrag", "awaitCompletion": true }""", "awaitCompletion")]
    [InlineData("/v2/process-instances", """{ "processDefinitionId": "antrag", "tags": ["eilig"] }""", "tags")]
    [InlineData("/v2/process-instances", """{ "processDefinitionId": "antrag", "processDefinitionVersion": 0 }""", "processDefinitionVersion")]
    [InlineData("/v2/messages/publication", """{ "name": "m", "ttl": 1000 }""", "ttl")]
    [InlineData("/v2/messages/correlation", """{ "name": "m", "correlationKey": "1", "timeToLive": 5 }""", "timeToLive")]
    [InlineData("/v2/signals/broadcast", """{ "signalName": "s", "name": "s" }""", "name")]
    [InlineData("/v2/conditionals/evaluation", """{ "variables": { "x": 1 }, "businessKey": "b" }""", "businessKey")]
    [InlineData("/v2/jobs/activation", """{ "type": "register-abruf", "tags": ["a"] }""", "tags")]
    [InlineData("/v2/jobs/activation", """{ "type": "register-abruf", "maxJobs": 3 }""", "maxJobs")]
    [InlineData("/v2/jobs/1/failure", """{ "retries": 1, "retryBackOff": "PT1M" }""", "retryBackOff")]
    [InlineData("/v2/jobs/1/error", """{ "errorCode": "E", "errorMesage": "typo" }""", "errorMesage")]
    [InlineData("/v2/user-tasks/1/assignment", """{ "assignee": "erika", "action": "" }""", "action")]
    [InlineData("/v2/user-tasks/1/completion", """{ "variables": { }, "action": "   " }""", "action")]
    [InlineData("/v2/process-instances/1/ad-hoc-activities/2/activation", """{ "elements": [{ "elementId": "a" }], "cancelRemainingInstances": true }""",
        "cancelRemainingInstances")]
    [InlineData("/v2/process-instances/1/ad-hoc-activities/2/activation", """{ "elements": [{ "elementId": "a", "variables": { "x": 1 } }] }""",
        "elements[0].variables")]
    [InlineData("/auth/login", """{ "userId": "erika", "roles": ["system"] }""", "roles")]
    [InlineData("/auth/login", """{ "userId": "erika", "group": ["fachamt"] }""", "group")]
    public async Task A_field_the_endpoint_does_not_honour_is_a_400_naming_it(string path, string body, string field)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        var problem = await EngineApp.ProblemAsync(await _app.Admin().PostAsync(path, content), 400);

        Assert.True(problem["errors"]?.AsObject().ContainsKey(field) == true, $"The problem does not name '{field}': {problem.ToJsonString()}");
    }

    [Fact]
    public async Task Variables_set_with_an_operation_reference_are_refused()
    {
        var key = await EngineApp.StartAsync(_app.Admin(), "abruf");

        var problem = await EngineApp.ProblemAsync(await _app.Admin().PutAsJsonAsync($"/v2/element-instances/{key}/variables",
            new { variables = new { x = 1 }, operationReference = 42 }), 400);

        Assert.NotNull(problem["errors"]!["operationReference"]);
    }

    [Fact]
    public async Task An_unknown_property_is_named_in_the_detail_and_the_errors()
    {
        var problem = await EngineApp.ProblemAsync(await _app.Admin().PostAsJsonAsync("/v2/process-instances",
            new { processDefinitionId = "antrag", bpmnProcessId = "antrag" }), 400);

        Assert.Contains("'bpmnProcessId'", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("rejected, not ignored", problem["errors"]!["bpmnProcessId"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.DoesNotContain("ProzessEngine", problem.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_value_of_the_wrong_type_names_the_field_without_naming_dotnet_types()
    {
        var problem = await EngineApp.ProblemAsync(await _app.Admin().PostAsJsonAsync("/v2/process-instances",
            new { processDefinitionId = "antrag", processDefinitionVersion = "zwei" }), 400);

        Assert.NotNull(problem["errors"]!["processDefinitionVersion"]);
        Assert.DoesNotContain("Int32", problem.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_instance_starts_from_what_camundas_clients_send_by_default()
    {
        var started = await EngineApp.JsonAsync(await _app.Admin().PostAsJsonAsync("/v2/process-instances", new
        {
            processDefinitionId = "antrag",
            processDefinitionVersion = -1,
            tenantId = "<default>",
            variables = new { prio = 10, faellig = "2026-12-01T10:00:00Z", wiedervorlage = "2026-11-30T10:00:00Z" },
            startInstructions = Array.Empty<object>(),
            runtimeInstructions = Array.Empty<object>(),
            awaitCompletion = false,
            tags = Array.Empty<string>(),
        }));

        Assert.Equal(1, started["processDefinitionVersion"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_deployment_with_a_field_other_than_resources_and_tenantId_is_refused()
    {
        using var form = new MultipartFormDataContent();
        var part = new ByteArrayContent(Encoding.UTF8.GetBytes(SearchData.Report));
        part.Headers.ContentType = new MediaTypeHeaderValue("text/xml");
        form.Add(part, "resources", "meldung.bpmn");
        form.Add(new StringContent("Meldungen"), "deploymentName");
        form.Add(new ByteArrayContent(Encoding.UTF8.GetBytes(SearchData.Report)), "resource", "meldung2.bpmn");

        var problem = await EngineApp.ProblemAsync(await _app.Admin().PostAsync("/v2/deployments", form), 400);

        Assert.NotNull(problem["errors"]!["deploymentName"]);
        Assert.NotNull(problem["errors"]!["resource"]);
        Assert.Empty((await EngineApp.JsonAsync(await _app.Admin().PostAsJsonAsync("/v2/process-definitions/search",
            new { filter = new { processDefinitionId = "meldung" } })))["items"]!.AsArray());
    }

    [Fact]
    public async Task The_default_actions_of_camundas_clients_are_accepted()
    {
        var key = await EngineApp.StartAsync(_app.Admin(), "antrag", new { prio = 10, faellig = "2026-12-01T10:00:00Z", wiedervorlage = "2026-11-30T10:00:00Z" });
        var task = Assert.Single(await EngineApp.TasksAsync(_app.Admin(), new { processInstanceKey = key }))!["userTaskKey"]!.GetValue<string>();

        Assert.Equal(HttpStatusCode.NoContent, (await _app.Admin().PostAsJsonAsync($"/v2/user-tasks/{task}/assignment",
            new { assignee = "testadmin", allowOverride = false, action = "claim" })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await _app.Admin().PostAsJsonAsync($"/v2/user-tasks/{task}/completion",
            new { variables = new { }, action = "complete" })).StatusCode);
    }

    [Fact]
    public async Task A_failure_with_camundas_default_back_off_and_no_variables_is_accepted()
    {
        await EngineApp.StartAsync(_app.Admin(), "abruf");
        var jobs = await EngineApp.JsonAsync(await _app.Admin().PostAsJsonAsync("/v2/jobs/activation", new { type = "register-abruf" }));
        var job = jobs["jobs"]![0]!["jobKey"]!.GetValue<string>();

        var failed = await _app.Admin().PostAsJsonAsync($"/v2/jobs/{job}/failure", new { retries = 2, errorMessage = "später", retryBackOff = 0, variables = new { } });

        Assert.Equal(HttpStatusCode.NoContent, failed.StatusCode);
    }

    [Fact]
    public async Task Task_variables_come_in_pages_with_their_total()
    {
        var key = await EngineApp.StartAsync(_app.Admin(), "antrag", new { prio = 10, faellig = "2026-12-01T10:00:00Z", wiedervorlage = "2026-11-30T10:00:00Z" });
        var task = Assert.Single(await EngineApp.TasksAsync(_app.Admin(), new { processInstanceKey = key }))!["userTaskKey"]!.GetValue<string>();

        var page = await EngineApp.JsonAsync(await _app.Admin().PostAsJsonAsync($"/v2/user-tasks/{task}/variables/search",
            new { sort = new[] { new { field = "name", order = "DESC" } }, page = new { from = 1, limit = 1 } }));

        Assert.Equal(3, page["page"]!["totalItems"]!.GetValue<int>());
        Assert.Equal("prio", Assert.Single(page["items"]!.AsArray())!["name"]!.GetValue<string>());
        Assert.Equal("10", page["items"]![0]!["value"]!.GetValue<string>());
    }
}
