using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.Time.Testing;
using ProzessEngine.Core.State;
using ProzessEngine.Host.Tests.Infrastructure;
using ProzessEngine.Testing;

namespace ProzessEngine.Host.Tests.Api;

public sealed class WalkingSkeletonApiTests : IAsyncLifetime
{
    private const string UserTaskModel = """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"
                          id="d" targetNamespace="http://bpmn.io/schema/bpmn">
          <bpmn:process id="meldung" name="Meldung" isExecutable="true">
            <bpmn:startEvent id="start" />
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="bearbeiten" />
            <bpmn:userTask id="bearbeiten" name="Meldung bearbeiten">
              <bpmn:extensionElements><zeebe:assignmentDefinition candidateGroups="meldeamt" /></bpmn:extensionElements>
            </bpmn:userTask>
            <bpmn:sequenceFlow id="f2" sourceRef="bearbeiten" targetRef="end" />
            <bpmn:endEvent id="end" />
          </bpmn:process>
        </bpmn:definitions>
        """;

    private readonly EngineApp _app = new(new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero)), deployShippedWorkflows: true);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        _app.DeleteDatabaseFile();
    }

    [Fact]
    public async Task The_shipped_invoice_approval_is_deployed_at_start_up_and_runs_through_both_groups()
    {
        var system = _app.System();
        var key = await EngineApp.StartAsync(system, "rechnungsfreigabe",
            new { rechnungsnummer = "R-2026-0042", lieferant = "Bürobedarf Müller GmbH", betrag = 7350.20m });

        var fachamt = await _app.ClerkAsync("erika", "fachamt");
        var task = Assert.Single(await EngineApp.TasksAsync(fachamt, new { candidateGroup = "fachamt", state = "CREATED" }))!.AsObject();
        Assert.Equal("Sachlich richtig", task["name"]!.GetValue<string>());
        Assert.Equal(key, task["processInstanceKey"]!.GetValue<string>());
        Assert.Equal("Rechnung R-2026-0042 · Bürobedarf Müller GmbH", task["title"]!.GetValue<string>());
        Assert.Equal(["rechnungsnummer", "lieferant", "betrag"], task["columns"]!.AsObject().Select(c => c.Key));
        Assert.NotNull(task["dueDate"]);

        var form = await EngineApp.JsonAsync(await fachamt.GetAsync($"/v2/user-tasks/{task["userTaskKey"]}/form"));
        Assert.Equal("rechnung-sachlich-richtig", form["formId"]!.GetValue<string>());
        Assert.Contains("sachlichRichtig", form["schema"]!.GetValue<string>(), StringComparison.Ordinal);

        var variables = await EngineApp.JsonAsync(await fachamt.PostAsJsonAsync($"/v2/user-tasks/{task["userTaskKey"]}/variables/search", new { }));
        Assert.Contains(variables["items"]!.AsArray(), v => v!["name"]!.GetValue<string>() == "betrag" && v["value"]!.GetValue<string>() == "7350.20");

        Assert.Equal(HttpStatusCode.NoContent, (await fachamt.PostAsJsonAsync($"/v2/user-tasks/{task["userTaskKey"]}/assignment", new { assignee = "erika" })).StatusCode);
        var completion = await fachamt.PostAsJsonAsync($"/v2/user-tasks/{task["userTaskKey"]}/completion", new { variables = new { sachlichRichtig = true } });
        Assert.Equal(HttpStatusCode.NoContent, completion.StatusCode);

        var kasse = await _app.ClerkAsync("karl", "kasse");
        Assert.Empty(await EngineApp.TasksAsync(fachamt, new { state = "CREATED" }));
        var anordnung = Assert.Single(await EngineApp.TasksAsync(kasse, new { candidateGroup = "kasse", state = "CREATED" }))!.AsObject();
        Assert.Equal("Anordnung", anordnung["name"]!.GetValue<string>());
        var done = await kasse.PostAsJsonAsync($"/v2/user-tasks/{anordnung["userTaskKey"]}/completion",
            new { variables = new { kassenzeichen = "K-77", angeordnet = true } });
        Assert.Equal(HttpStatusCode.NoContent, done.StatusCode);

        var instance = await EngineApp.InstanceAsync(_app.Admin(), key);
        Assert.Equal("COMPLETED", instance["state"]!.GetValue<string>());
        Assert.Equal("K-77", instance["variables"]!["kassenzeichen"]!.GetValue<string>());
        Assert.Empty(instance["activeElements"]!.AsArray());
    }

    [Fact]
    public async Task Deploying_twice_returns_the_same_version_and_a_change_gets_the_next()
    {
        var admin = _app.Admin();

        var first = await EngineApp.JsonAsync(await EngineApp.DeployAsync(admin, ("meldung.bpmn", UserTaskModel)));
        var again = await EngineApp.JsonAsync(await EngineApp.DeployAsync(admin, ("meldung.bpmn", UserTaskModel)));
        var changed = await EngineApp.JsonAsync(await EngineApp.DeployAsync(admin, ("meldung.bpmn", UserTaskModel.Replace("Meldung bearbeiten", "Meldung prüfen", StringComparison.Ordinal))));

        var definition = first["deployments"]![0]!["processDefinition"]!;
        Assert.Equal("meldung", definition["processDefinitionId"]!.GetValue<string>());
        Assert.Equal(1, definition["processDefinitionVersion"]!.GetValue<int>());
        Assert.Equal(definition["processDefinitionKey"]!.GetValue<string>(), again["deployments"]![0]!["processDefinition"]!["processDefinitionKey"]!.GetValue<string>());
        Assert.Equal(2, changed["deployments"]![0]!["processDefinition"]!["processDefinitionVersion"]!.GetValue<int>());

        var xml = await admin.GetStringAsync($"/v2/process-definitions/{definition["processDefinitionKey"]}/xml");
        Assert.Contains("Meldung bearbeiten", xml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Malformed_xml_is_a_400_problem_with_line_information()
    {
        var problem = await EngineApp.ProblemAsync(await EngineApp.DeployAsync(_app.Admin(), ("kaputt.bpmn", "<bpmn:definitions><unclosed></bpmn:definitions>")), 400);

        var error = problem["errors"]![0]!;
        Assert.Equal("kaputt.bpmn", error["resource"]!.GetValue<string>());
        Assert.Contains("well-formed", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.NotNull(error["line"]);
    }

    [Fact]
    public async Task A_dtd_in_the_upload_is_a_400_problem()
    {
        const string xml = """<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>""";

        var problem = await EngineApp.ProblemAsync(await EngineApp.DeployAsync(_app.Admin(), ("xxe.bpmn", xml)), 400);

        Assert.Contains("DTD", problem["errors"]![0]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unsupported_element_is_a_400_problem_naming_the_element()
    {
        var model = UserTaskModel.Replace("<bpmn:endEvent id=\"end\" />", "<bpmn:scriptTask id=\"Berechnen\" />", StringComparison.Ordinal);

        var problem = await EngineApp.ProblemAsync(await EngineApp.DeployAsync(_app.Admin(), ("meldung.bpmn", model)), 400);

        Assert.Contains(problem["errors"]!.AsArray(), e => e!["elementId"]?.GetValue<string>() == "Berechnen");
        Assert.Contains("Berechnen", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Starting_an_unknown_process_is_a_404_problem()
    {
        var response = await _app.System().PostAsJsonAsync("/v2/process-instances", new { processDefinitionId = "gibt-es-nicht" });

        var problem = await EngineApp.ProblemAsync(response, 404);
        Assert.Contains("gibt-es-nicht", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_request_names_the_field_at_fault()
    {
        var missingId = await EngineApp.ProblemAsync(await _app.System().PostAsJsonAsync("/v2/process-instances", new { variables = new { } }), 400);
        var badVariables = await EngineApp.ProblemAsync(
            await _app.System().PostAsJsonAsync("/v2/process-instances", new { processDefinitionId = "rechnungsfreigabe", variables = new[] { 1, 2 } }), 400);
        var badJson = await EngineApp.ProblemAsync(
            await _app.System().PostAsync("/v2/process-instances", new StringContent("{\"processDefinitionId\": 17", System.Text.Encoding.UTF8, "application/json")), 400);

        Assert.NotNull(missingId["errors"]!["processDefinitionId"]);
        Assert.NotNull(badVariables["errors"]!["variables"]);
        Assert.NotNull(badJson["detail"]);
    }

    [Fact]
    public async Task Completing_a_completed_task_is_a_409_problem()
    {
        var admin = _app.Admin();
        await EngineApp.DeployAsync(admin, ("meldung.bpmn", UserTaskModel));
        var key = await EngineApp.StartAsync(admin, "meldung", new { nummer = 1 });
        var task = Assert.Single(await EngineApp.TasksAsync(admin, new { processInstanceKey = key }))!["userTaskKey"]!.GetValue<string>();

        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsJsonAsync($"/v2/user-tasks/{task}/completion", new { })).StatusCode);
        var problem = await EngineApp.ProblemAsync(await admin.PostAsJsonAsync($"/v2/user-tasks/{task}/completion", new { }), 409);

        Assert.Contains(task, problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(InstanceStatus.Completed, await _app.Signals.EndedAsync(key));
    }

    [Fact]
    public async Task Requests_without_credentials_are_refused_and_clerks_see_only_their_groups()
    {
        var anonymous = _app.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/v2/user-tasks/search", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/v2/process-instances/1")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _app.WithKey("wrong").PostAsJsonAsync("/v2/user-tasks/search", new { })).StatusCode);

        var admin = _app.Admin();
        await EngineApp.DeployAsync(admin, ("meldung.bpmn", UserTaskModel));
        var key = await EngineApp.StartAsync(_app.System(), "meldung");
        var task = Assert.Single(await EngineApp.TasksAsync(admin, new { processInstanceKey = key }))!["userTaskKey"]!.GetValue<string>();

        var outsider = await _app.ClerkAsync("otto", "bauamt");
        Assert.Empty(await EngineApp.TasksAsync(outsider, new { }));
        await EngineApp.ProblemAsync(await outsider.PostAsJsonAsync($"/v2/user-tasks/{task}/completion", new { }), 404);
        Assert.Equal(HttpStatusCode.Forbidden, (await outsider.GetAsync($"/v2/process-instances/{key}")).StatusCode);

        var system = _app.System();
        Assert.Equal(HttpStatusCode.Forbidden, (await system.PostAsJsonAsync("/v2/user-tasks/search", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await EngineApp.DeployAsync(system, ("meldung.bpmn", UserTaskModel))).StatusCode);
    }

    [Fact]
    public async Task A_task_claimed_by_one_clerk_cannot_be_taken_or_completed_by_another()
    {
        var admin = _app.Admin();
        await EngineApp.DeployAsync(admin, ("meldung.bpmn", UserTaskModel));
        var key = await EngineApp.StartAsync(admin, "meldung");
        var task = Assert.Single(await EngineApp.TasksAsync(admin, new { processInstanceKey = key }))!["userTaskKey"]!.GetValue<string>();
        var erika = await _app.ClerkAsync("erika", "meldeamt");
        var otto = await _app.ClerkAsync("otto", "meldeamt");

        Assert.Equal(HttpStatusCode.NoContent, (await erika.PostAsJsonAsync($"/v2/user-tasks/{task}/assignment", new { assignee = "erika" })).StatusCode);
        await EngineApp.ProblemAsync(await otto.PostAsJsonAsync($"/v2/user-tasks/{task}/assignment", new { assignee = "otto" }), 409);
        await EngineApp.ProblemAsync(await otto.PostAsJsonAsync($"/v2/user-tasks/{task}/assignment", new { assignee = "erika", allowOverride = true }), 403);
        await EngineApp.ProblemAsync(await otto.PostAsJsonAsync($"/v2/user-tasks/{task}/completion", new { }), 409);

        var view = await EngineApp.JsonAsync(await erika.GetAsync($"/v2/user-tasks/{task}"));
        Assert.Equal("erika", view["assignee"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_session_request_without_the_designer_header_cannot_change_anything()
    {
        var admin = _app.Admin();
        await EngineApp.DeployAsync(admin, ("meldung.bpmn", UserTaskModel));
        var key = await EngineApp.StartAsync(admin, "meldung");
        var task = Assert.Single(await EngineApp.TasksAsync(admin, new { processInstanceKey = key }))!["userTaskKey"]!.GetValue<string>();
        var forged = await _app.ClerkWithoutDesignerHeaderAsync("erika", "meldeamt");

        await EngineApp.ProblemAsync(await forged.PostAsJsonAsync($"/v2/user-tasks/{task}/completion", new { }), 403);
        Assert.Equal(HttpStatusCode.OK, (await forged.GetAsync($"/v2/user-tasks/{task}")).StatusCode);
        var instance = await EngineApp.InstanceAsync(admin, key);
        Assert.Equal("ACTIVE", instance["state"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_instance_shows_its_state_variables_and_active_elements()
    {
        var admin = _app.Admin();
        await EngineApp.DeployAsync(admin, ("meldung.bpmn", UserTaskModel));
        // 34 significant digits: more than System.Decimal holds, so this proves numbers travel as exact text.
        var response = await admin.PostAsync("/v2/process-instances", new StringContent(
            """{"processDefinitionId":"meldung","variables":{"nummer":1234567890123456789012345678901.234,"name":"Ä Ö Ü ß"}}""",
            System.Text.Encoding.UTF8, "application/json"));
        var key = (await EngineApp.JsonAsync(response))["processInstanceKey"]!.GetValue<string>();

        var instance = await EngineApp.InstanceAsync(admin, key);

        Assert.Equal("ACTIVE", instance["state"]!.GetValue<string>());
        Assert.Equal("1234567890123456789012345678901.234", instance["variables"]!["nummer"]!.ToJsonString());
        Assert.Equal("Ä Ö Ü ß", instance["variables"]!["name"]!.GetValue<string>());
        var active = Assert.Single(instance["activeElements"]!.AsArray())!;
        Assert.Equal("bearbeiten", active["elementId"]!.GetValue<string>());
        Assert.Equal("userTask", active["elementType"]!.GetValue<string>());

        var journal = await admin.GetFromJsonAsync<System.Text.Json.Nodes.JsonArray>($"/v2/process-instances/{key}/journal");
        Assert.Equal("start", journal![0]!["command"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_openapi_document_describes_the_api()
    {
        var document = await EngineApp.JsonAsync(await _app.CreateClient().GetAsync("/openapi/v1.json"));

        var paths = document["paths"]!.AsObject();
        Assert.True(paths.ContainsKey("/v2/deployments"));
        Assert.True(paths.ContainsKey("/v2/process-instances"));
        Assert.True(paths.ContainsKey("/v2/user-tasks/{key}/completion"));
    }

    [Fact]
    public async Task Deployed_forms_are_listed_and_opened_by_key()
    {
        var admin = _app.Admin();

        var search = await EngineApp.JsonAsync(await admin.PostAsJsonAsync("/v2/forms/search", new { filter = new { isLatestVersion = true } }));

        var form = Assert.Single(search["items"]!.AsArray(), f => f!["formId"]!.GetValue<string>() == "rechnung-anordnung")!;
        var opened = await EngineApp.JsonAsync(await admin.GetAsync($"/v2/forms/{form["formKey"]}"));
        Assert.Contains("kassenzeichen", opened["schema"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/v2/forms/1")).StatusCode);
    }

    [Fact]
    public void Every_shipped_workflow_folder_has_a_model()
    {
        foreach (var folder in Directory.GetDirectories(Path.Combine(RepositoryRoot.Find(), "workflows")))
        {
            Assert.NotEmpty(Directory.GetFiles(folder, "*.bpmn"));
        }
    }
}
