using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using ProzessEngine.Host.Tests.Infrastructure;

namespace ProzessEngine.Host.Tests.Api;

/// <summary>
/// Camunda 8 models through the API: linked forms resolved when the task is created (an incident while missing),
/// custom form keys and external references on the task, linked resources handed to the job, and the warnings a
/// deployment answers with. Each scenario runs on SQLite and on PostgreSQL.
/// </summary>
public sealed class FormsAndConnectorsApiTests
{
    private static string Model(string userTaskExtensions, string extra = "") => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"
                          id="d" targetNamespace="http://bpmn.io/schema/bpmn">
          <bpmn:process id="antrag" isExecutable="true">
            <bpmn:startEvent id="start" />
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="pruefen" />
            <bpmn:userTask id="pruefen" name="Antrag prüfen">
              <bpmn:extensionElements><zeebe:assignmentDefinition candidateGroups="amt" />{userTaskExtensions}</bpmn:extensionElements>
            </bpmn:userTask>
            <bpmn:sequenceFlow id="f2" sourceRef="pruefen" targetRef="end" />
            <bpmn:endEvent id="end" />
            {extra}
          </bpmn:process>
        </bpmn:definitions>
        """;

    private static string Form(string title, string versionTag = "") =>
        $$"""{"id":"antragsformular","type":"default",{{(versionTag.Length > 0 ? $"\"versionTag\":\"{versionTag}\"," : "")}}"components":[{"type":"text","text":"{{title}}"}]}""";

    public static TheoryData<string> Providers => BothDatabases.Providers;

    private static Task RunAsync(string provider, Func<EngineApp, Task> scenario) =>
        BothDatabases.RunAsync(provider, nameof(FormsAndConnectorsApiTests), new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero)), scenario);

    private static async Task<JsonObject> SingleTaskAsync(HttpClient admin, string instanceKey) =>
        Assert.Single(await EngineApp.TasksAsync(admin, new { processInstanceKey = instanceKey }))!.AsObject();

    [Theory]
    [MemberData(nameof(Providers))]
    public Task A_form_deployed_after_its_process_is_found_once_the_incident_is_resolved(string provider) => RunAsync(provider, async app =>
    {
        var admin = app.Admin();
        var deployment = await EngineApp.JsonAsync(await EngineApp.DeployAsync(admin, ("antrag.bpmn", Model("""<zeebe:formDefinition formId="antragsformular" />"""))));
        var warning = Assert.Single(deployment["warnings"]!.AsArray())!;
        Assert.Equal(("antrag.bpmn", "pruefen"), (warning["resourceName"]!.GetValue<string>(), warning["elementId"]!.GetValue<string>()));
        Assert.Contains("'antragsformular', which is not deployed yet", warning["message"]!.GetValue<string>(), StringComparison.Ordinal);

        var key = await EngineApp.StartAsync(admin, "antrag");
        var incidents = (await EngineApp.JsonAsync(await admin.PostAsJsonAsync("/v2/incidents/search", new { filter = new { processInstanceKey = key } })))["items"]!.AsArray();
        var incident = Assert.Single(incidents)!;
        Assert.Equal("FormNotFound", incident["errorType"]!.GetValue<string>());
        Assert.Empty(await EngineApp.TasksAsync(admin, new { processInstanceKey = key }));

        var formDeployment = await EngineApp.JsonAsync(await EngineApp.DeployAsync(admin, ("antrag.form", Form("Erste Fassung"))));
        var formKey = formDeployment["deployments"]![0]!["form"]!["formKey"]!.ToString();
        (await admin.PostAsync($"/v2/incidents/{incident["incidentKey"]}/resolution", null)).EnsureSuccessStatusCode();

        var task = await SingleTaskAsync(admin, key);
        Assert.Equal(formKey, task["formKey"]!.ToString());
        var form = await EngineApp.JsonAsync(await admin.GetAsync($"/v2/user-tasks/{task["userTaskKey"]}/form"));
        Assert.Contains("Erste Fassung", form["schema"]!.GetValue<string>(), StringComparison.Ordinal);
    });

    [Theory]
    [MemberData(nameof(Providers))]
    public Task A_deployment_binding_keeps_the_form_version_deployed_with_the_process(string provider) => RunAsync(provider, async app =>
    {
        var admin = app.Admin();
        var model = Model("""<zeebe:formDefinition formId="antragsformular" bindingType="deployment" />""");
        var alone = await EngineApp.ProblemAsync(await EngineApp.DeployAsync(admin, ("antrag.bpmn", model)), 400);
        Assert.Contains("must be part of this deployment", alone.ToJsonString(), StringComparison.Ordinal);

        var together = await EngineApp.JsonAsync(await EngineApp.DeployAsync(admin, ("antrag.bpmn", model), ("antrag.form", Form("Erste Fassung"))));
        var firstForm = together["deployments"]!.AsArray().Single(d => d!["form"] is not null)!["form"]!["formKey"]!.ToString();
        await EngineApp.JsonAsync(await EngineApp.DeployAsync(admin, ("antrag.form", Form("Zweite Fassung"))));

        var task = await SingleTaskAsync(admin, await EngineApp.StartAsync(admin, "antrag"));

        Assert.Equal(firstForm, task["formKey"]!.ToString());
    });

    [Theory]
    [MemberData(nameof(Providers))]
    public Task A_deployment_binding_to_a_form_deployed_unchanged_keeps_the_version_it_was_then(string provider) => RunAsync(provider, async app =>
    {
        var admin = app.Admin();
        var first = await EngineApp.JsonAsync(await EngineApp.DeployAsync(admin, ("antrag.form", Form("Erste Fassung"))));
        var firstForm = first["deployments"]![0]!["form"]!["formKey"]!.ToString();
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        var model = Model("""<zeebe:formDefinition formId="antragsformular" bindingType="deployment" />""");
        await EngineApp.JsonAsync(await EngineApp.DeployAsync(admin, ("antrag.bpmn", model), ("antrag.form", Form("Erste Fassung"))));
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        await EngineApp.JsonAsync(await EngineApp.DeployAsync(admin, ("antrag.form", Form("Zweite Fassung"))));

        var task = await SingleTaskAsync(admin, await EngineApp.StartAsync(admin, "antrag"));

        Assert.Equal(firstForm, task["formKey"]!.ToString());
    });

    [Theory]
    [MemberData(nameof(Providers))]
    public Task A_version_tag_binding_takes_the_latest_form_with_that_tag(string provider) => RunAsync(provider, async app =>
    {
        var admin = app.Admin();
        var tagged = await EngineApp.JsonAsync(await EngineApp.DeployAsync(admin, ("antrag.form", Form("Fassung 2026", "2026"))));
        var taggedKey = tagged["deployments"]![0]!["form"]!["formKey"]!.ToString();
        await EngineApp.JsonAsync(await EngineApp.DeployAsync(admin, ("antrag.form", Form("Entwurf 2027", "2027"))));
        await EngineApp.JsonAsync(await EngineApp.DeployAsync(admin,
            ("antrag.bpmn", Model("""<zeebe:formDefinition formId="antragsformular" bindingType="versionTag" versionTag="2026" />"""))));

        var task = await SingleTaskAsync(admin, await EngineApp.StartAsync(admin, "antrag"));

        Assert.Equal(taggedKey, task["formKey"]!.ToString());
    });

    [Theory]
    [MemberData(nameof(Providers))]
    public Task A_custom_form_key_and_an_external_reference_are_shown_with_the_task(string provider) => RunAsync(provider, async app =>
    {
        var admin = app.Admin();
        await EngineApp.JsonAsync(await EngineApp.DeployAsync(admin, ("antrag.bpmn", Model("""<zeebe:formDefinition formKey="fachverfahren:antrag" />"""))));
        var custom = await SingleTaskAsync(admin, await EngineApp.StartAsync(admin, "antrag"));

        await EngineApp.JsonAsync(await EngineApp.DeployAsync(admin,
            ("antrag.bpmn", Model("""<zeebe:formDefinition externalReference="https://formulare.example/antrag" />"""))));
        var external = await SingleTaskAsync(admin, await EngineApp.StartAsync(admin, "antrag"));

        Assert.Equal("fachverfahren:antrag", custom["customFormKey"]!.GetValue<string>());
        Assert.Equal("https://formulare.example/antrag", external["externalFormReference"]!.GetValue<string>());
        var byKey = await EngineApp.JsonAsync(await admin.GetAsync($"/v2/user-tasks/{external["userTaskKey"]}"));
        Assert.Equal("https://formulare.example/antrag", byKey["externalFormReference"]!.GetValue<string>());
    });

    [Theory]
    [MemberData(nameof(Providers))]
    public Task Task_headers_of_a_user_task_are_its_custom_headers_in_the_api(string provider) => RunAsync(provider, async app =>
    {
        // As Camunda Modeler's "rollback on error" example models it: a task list app reads the header to steer its screen.
        var admin = app.Admin();
        await EngineApp.JsonAsync(await EngineApp.DeployAsync(admin, ("antrag.bpmn", Model("""
            <zeebe:taskHeaders><zeebe:header key="rollbackOnError" value="validateDataType, saveDataType" /><zeebe:header key="ansicht" value="kurz" /></zeebe:taskHeaders>
            """))));

        var found = await SingleTaskAsync(admin, await EngineApp.StartAsync(admin, "antrag"));
        var byKey = await EngineApp.JsonAsync(await admin.GetAsync($"/v2/user-tasks/{found["userTaskKey"]}"));

        foreach (var task in new[] { found, byKey })
        {
            var headers = task["customHeaders"]!.AsObject();
            Assert.Equal(["rollbackOnError", "ansicht"], headers.Select(h => h.Key));
            Assert.Equal("validateDataType, saveDataType", headers["rollbackOnError"]!.GetValue<string>());
        }

        await EngineApp.JsonAsync(await EngineApp.DeployAsync(admin, ("antrag.bpmn", Model(""))));
        var without = await SingleTaskAsync(admin, await EngineApp.StartAsync(admin, "antrag"));
        Assert.Empty(without["customHeaders"]!.AsObject());
    });

    [Theory]
    [MemberData(nameof(Providers))]
    public Task Linked_resources_reach_the_worker_in_the_linkedResources_header(string provider) => RunAsync(provider, async app =>
    {
        var admin = app.Admin();
        var model = Model("", """
            <bpmn:serviceTask id="roboter"><bpmn:extensionElements>
              <zeebe:taskDefinition type="io.camunda:rpa:1" />
              <zeebe:linkedResources><zeebe:linkedResource resourceId="bescheid-skript" resourceType="RPA" linkName="RPAScript" /></zeebe:linkedResources>
            </bpmn:extensionElements></bpmn:serviceTask>
            """).Replace("""targetRef="pruefen" />""", """targetRef="roboter" /><bpmn:sequenceFlow id="f0" sourceRef="roboter" targetRef="pruefen" />""", StringComparison.Ordinal);
        var deployment = await EngineApp.JsonAsync(await EngineApp.DeployAsync(admin, ("roboter.bpmn", model)));
        Assert.Contains(deployment["warnings"]!.AsArray(), w => w!["elementId"]!.GetValue<string>() == "roboter"
            && w["message"]!.GetValue<string>().Contains("connector", StringComparison.Ordinal));
        await EngineApp.StartAsync(admin, "antrag");

        var jobs = (await EngineApp.JsonAsync(await admin.PostAsJsonAsync("/v2/jobs/activation", new { type = "io.camunda:rpa:1", worker = "rpa" })))["jobs"]!.AsArray();

        var header = Assert.Single(jobs)!["customHeaders"]!["linkedResources"]!.GetValue<string>();
        var linked = Assert.Single(JsonNode.Parse(header)!.AsArray())!;
        Assert.Equal(("bescheid-skript", "RPA", "RPAScript"),
            (linked["resourceId"]!.GetValue<string>(), linked["resourceType"]!.GetValue<string>(), linked["linkName"]!.GetValue<string>()));
    });

    [Fact]
    public async Task An_inbound_connector_other_than_the_webhook_is_a_400_naming_the_element()
    {
        await RunAsync("Sqlite", async app =>
        {
            var model = Model("").Replace("""<bpmn:startEvent id="start" />""", """
                <bpmn:startEvent id="start" zeebe:modelerTemplate="io.camunda.connectors.inbound.RabbitMQ.StartEvent.v1">
                  <bpmn:extensionElements><zeebe:properties>
                    <zeebe:property name="inbound.type" value="io.camunda:connector-rabbitmq-inbound:1" />
                    <zeebe:property name="inbound.queueName" value="antraege" />
                  </zeebe:properties></bpmn:extensionElements>
                </bpmn:startEvent>
                """, StringComparison.Ordinal);

            var problem = await EngineApp.ProblemAsync(await EngineApp.DeployAsync(app.Admin(), ("rabbit.bpmn", model)), 400);

            var error = Assert.Single(problem["errors"]!.AsArray())!;
            Assert.Equal("start", error["elementId"]!.GetValue<string>());
            Assert.Contains("io.camunda:connector-rabbitmq-inbound:1", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
        });
    }
}
