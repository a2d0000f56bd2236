using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using ProzessEngine.Host.Tests.Infrastructure;
using ProzessEngine.Persistence;

namespace ProzessEngine.Host.Tests.Api;

/// <summary>
/// Completing a task and starting with a start form are checked on the server against the form-js form: a 400 naming
/// every field (German, or English with Accept-Language: en) and nothing changed, or the variables as the form
/// submits them. Each scenario runs on SQLite and on PostgreSQL.
/// </summary>
public sealed class FormValidationApiTests
{
    private const string PostcodeForm = """
        { "id": "anschrift", "type": "default", "components": [
          { "id": "Field_Plz", "type": "textfield", "key": "plz", "label": "Postleitzahl", "validate": { "required": true, "pattern": "^\\d{5}$" } },
          { "id": "Field_Vertreten", "type": "checkbox", "key": "vertreten", "label": "Vertreten" },
          { "id": "Field_Vertreter", "type": "textfield", "key": "vertreter", "label": "Vertretung", "conditional": { "hide": "=not(vertreten)" } }
        ] }
        """;

    private static string Model(string startExtensions = "", string taskExtensions = """<zeebe:formDefinition formId="anschrift" />""") => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"
                          id="d" targetNamespace="http://bpmn.io/schema/bpmn">
          <bpmn:process id="antrag" isExecutable="true">
            <bpmn:startEvent id="start"><bpmn:extensionElements>{startExtensions}</bpmn:extensionElements></bpmn:startEvent>
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="pruefen" />
            <bpmn:userTask id="pruefen" name="Anschrift prüfen">
              <bpmn:extensionElements><zeebe:userTask /><zeebe:assignmentDefinition candidateGroups="amt" />{taskExtensions}</bpmn:extensionElements>
            </bpmn:userTask>
            <bpmn:sequenceFlow id="f2" sourceRef="pruefen" targetRef="end" />
            <bpmn:endEvent id="end" />
          </bpmn:process>
        </bpmn:definitions>
        """;

    public static TheoryData<string> Providers => BothDatabases.Providers;

    private static Task RunAsync(string provider, Func<EngineApp, Task> scenario) =>
        BothDatabases.RunAsync(provider, nameof(FormValidationApiTests), new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero)), scenario);

    private static async Task<string> TaskKeyAsync(HttpClient client, string instanceKey) =>
        Assert.Single(await EngineApp.TasksAsync(client, new { processInstanceKey = instanceKey }))!["userTaskKey"]!.GetValue<string>();

    private static Task<HttpResponseMessage> CompleteAsync(HttpClient client, string taskKey, object variables, string? language = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/v2/user-tasks/{taskKey}/completion") { Content = JsonContent.Create(new { variables }) };
        if (language is not null)
        {
            request.Headers.AcceptLanguage.ParseAdd(language);
        }

        return client.SendAsync(request);
    }

    private static JsonObject SingleError(JsonObject problem) => Assert.Single(problem["errors"]!.AsArray())!.AsObject();

    [Theory]
    [MemberData(nameof(Providers))]
    public Task A_required_five_digit_postcode_refuses_nothing_and_ABC_and_changes_nothing(string provider) => RunAsync(provider, async app =>
    {
        var admin = app.Admin();
        await EngineApp.JsonAsync(await EngineApp.DeployAsync(admin, ("antrag.bpmn", Model()), ("anschrift.form", PostcodeForm)));
        var instance = await EngineApp.StartAsync(admin, "antrag", new { plz = "99999" });
        var task = await TaskKeyAsync(admin, instance);

        var empty = await EngineApp.ProblemAsync(await CompleteAsync(admin, task, new { plz = "" }), 400);
        var letters = await EngineApp.ProblemAsync(await CompleteAsync(admin, task, new { plz = "ABC" }), 400);

        Assert.Equal("Formulardaten ungültig", empty["title"]!.GetValue<string>());
        Assert.Contains("„anschrift“", empty["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        var required = SingleError(empty);
        Assert.Equal(("variables.plz", "plz", "Field_Plz", "Postleitzahl", "required", "Dieses Feld ist ein Pflichtfeld."),
            (required["field"]!.GetValue<string>(), required["path"]!.GetValue<string>(), required["fieldId"]!.GetValue<string>(),
                required["label"]!.GetValue<string>(), required["code"]!.GetValue<string>(), required["message"]!.GetValue<string>()));
        Assert.Equal("Die Eingabe muss dem Muster ^\\d{5}$ entsprechen.", SingleError(letters)["message"]!.GetValue<string>());

        var still = await EngineApp.JsonAsync(await admin.GetAsync($"/v2/user-tasks/{task}"));
        Assert.Equal("CREATED", still["state"]!.GetValue<string>());
        Assert.Equal("99999", (await EngineApp.InstanceAsync(admin, instance))["variables"]!["plz"]!.GetValue<string>());
    });

    [Theory]
    [MemberData(nameof(Providers))]
    public Task The_errors_are_English_for_a_caller_who_prefers_English(string provider) => RunAsync(provider, async app =>
    {
        var admin = app.Admin();
        await EngineApp.JsonAsync(await EngineApp.DeployAsync(admin, ("antrag.bpmn", Model()), ("anschrift.form", PostcodeForm)));
        var task = await TaskKeyAsync(admin, await EngineApp.StartAsync(admin, "antrag"));

        var english = await EngineApp.ProblemAsync(await CompleteAsync(admin, task, new { plz = "ABC", kennung = 1 }, "en-GB,en;q=0.9,de;q=0.5"), 400);
        var german = await EngineApp.ProblemAsync(await CompleteAsync(admin, task, new { }, "fr, de;q=0.8, en;q=0.5"), 400);

        Assert.Equal("Invalid form data", english["title"]!.GetValue<string>());
        Assert.Equal(
            ["kennung unknown: The form has no such field.", "plz pattern: Field must match pattern ^\\d{5}$."],
            english["errors"]!.AsArray().Select(e => $"{e!["path"]} {e["code"]}: {e["message"]}").Order(StringComparer.Ordinal));
        Assert.Equal("Dieses Feld ist ein Pflichtfeld.", SingleError(german)["message"]!.GetValue<string>());
    });

    [Theory]
    [MemberData(nameof(Providers))]
    public Task A_valid_completion_writes_what_the_form_submits_and_drops_a_hidden_value(string provider) => RunAsync(provider, async app =>
    {
        var admin = app.Admin();
        await EngineApp.JsonAsync(await EngineApp.DeployAsync(admin, ("antrag.bpmn", Model()), ("anschrift.form", PostcodeForm)));
        var instance = await EngineApp.StartAsync(admin, "antrag");
        var task = await TaskKeyAsync(admin, instance);

        var response = await CompleteAsync(admin, task, new { plz = "50667", vertreten = false, vertreter = "Max Mustermann" });

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var variables = (await EngineApp.InstanceAsync(admin, instance))["variables"]!.AsObject();
        Assert.Equal("50667", variables["plz"]!.GetValue<string>());
        Assert.False(variables["vertreten"]!.GetValue<bool>());
        Assert.False(variables.ContainsKey("vertreter"));
    });

    [Theory]
    [MemberData(nameof(Providers))]
    public Task A_start_with_a_start_form_is_checked_and_a_refused_start_creates_no_instance(string provider) => RunAsync(provider, async app =>
    {
        var admin = app.Admin();
        var deployment = await EngineApp.JsonAsync(await EngineApp.DeployAsync(admin,
            ("antrag.bpmn", Model("""<zeebe:formDefinition formId="anschrift" bindingType="deployment" />""", taskExtensions: "")),
            ("anschrift.form", PostcodeForm)));
        var definition = deployment["deployments"]!.AsArray().Single(d => d!["processDefinition"] is not null)!["processDefinition"]!["processDefinitionKey"]!.GetValue<string>();

        var form = await EngineApp.JsonAsync(await admin.GetAsync($"/v2/process-definitions/{definition}/form"));
        var refused = await EngineApp.ProblemAsync(await admin.PostAsJsonAsync("/v2/process-instances",
            new { processDefinitionId = "antrag", variables = new { plz = "ABC" } }), 400);
        var none = await EngineApp.JsonAsync(await admin.PostAsJsonAsync("/v2/process-instances/search", new { filter = new { processDefinitionId = "antrag" } }));
        var started = await EngineApp.StartAsync(admin, "antrag", new { plz = "50667", vertreter = "verborgen" });

        Assert.Equal("anschrift", form["formId"]!.GetValue<string>());
        Assert.Equal("pattern", SingleError(refused)["code"]!.GetValue<string>());
        Assert.Empty(none["items"]!.AsArray());
        var variables = (await EngineApp.InstanceAsync(admin, started))["variables"]!.AsObject();
        Assert.Equal("50667", variables["plz"]!.GetValue<string>());
        Assert.False(variables.ContainsKey("vertreter"));
    });

    [Theory]
    [MemberData(nameof(Providers))]
    public Task A_start_form_that_is_not_deployed_refuses_the_start(string provider) => RunAsync(provider, async app =>
    {
        var admin = app.Admin();
        var deployment = await EngineApp.JsonAsync(await EngineApp.DeployAsync(admin,
            ("antrag.bpmn", Model("""<zeebe:formDefinition formId="anschrift" />""", taskExtensions: ""))));
        var definition = deployment["deployments"]![0]!["processDefinition"]!["processDefinitionKey"]!.GetValue<string>();

        var conflict = await EngineApp.ProblemAsync(await admin.PostAsJsonAsync("/v2/process-instances", new { processDefinitionId = "antrag" }), 409);

        Assert.Contains(deployment["warnings"]!.AsArray(), w => w!["elementId"]!.GetValue<string>() == "start");
        Assert.Contains("start form 'anschrift'", conflict["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.GetAsync($"/v2/process-definitions/{definition}/form")).StatusCode);
    });

    [Fact]
    public Task A_form_the_server_cannot_check_as_the_browser_does_is_not_deployed() => RunAsync("Sqlite", async app =>
    {
        const string form = """
            { "id": "kaputt", "type": "default", "components": [
              { "id": "Field_Plz", "type": "textfield", "key": "plz", "validate": { "pattern": "(?i)abc" } },
              { "id": "Field_Unterschrift", "type": "signature", "key": "unterschrift" }
            ] }
            """;

        var problem = await EngineApp.ProblemAsync(await EngineApp.DeployAsync(app.Admin(), ("kaputt.form", form)), 400);

        var errors = problem["errors"]!.AsArray();
        Assert.Equal(["Field_Plz", "Field_Unterschrift"], errors.Select(e => e!["elementId"]!.GetValue<string>()));
        Assert.All(errors, e => Assert.Equal("kaputt.form", e!["resource"]!.GetValue<string>()));
    });

    [Theory]
    [MemberData(nameof(Providers))]
    public Task A_stored_form_with_a_custom_component_refuses_the_completion_instead_of_passing_it_unchecked(string provider) => RunAsync(provider, async app =>
    {
        var admin = app.Admin();
        await EngineApp.JsonAsync(await EngineApp.DeployAsync(admin, ("antrag.bpmn", Model()), ("anschrift.form", PostcodeForm)));
        var instance = await EngineApp.StartAsync(admin, "antrag");
        var task = await TaskKeyAsync(admin, instance);
        // A version stored before deployments refused unknown field types (a form-js extension's component).
        await using (var context = app.Services.GetRequiredService<EngineDatabase>().CreateContext())
        {
            await context.Forms.Where(f => f.FormId == "anschrift").ExecuteUpdateAsync(set => set.SetProperty(f => f.Schema,
                PostcodeForm.Replace("\"type\": \"checkbox\"", "\"type\": \"signature\"", StringComparison.Ordinal)));
        }

        var conflict = await EngineApp.ProblemAsync(await CompleteAsync(admin, task, new { plz = "50667", vertreten = true }), 409);

        Assert.Contains("Field 'Field_Vertreten'", conflict["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("'signature'", conflict["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("CREATED", (await EngineApp.JsonAsync(await admin.GetAsync($"/v2/user-tasks/{task}")))["state"]!.GetValue<string>());
        Assert.False((await EngineApp.InstanceAsync(admin, instance))["variables"]!.AsObject().ContainsKey("vertreten"));
    });
}
