using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using ProzessEngine.Host.Tests.Infrastructure;
using ProzessEngine.Testing;

namespace ProzessEngine.Host.Tests.Api.Search;

/// <summary>
/// One engine with a fixed set of definitions, forms, instances, tasks and incidents in two tenants, made once per
/// database and then only read by the search tests. Every key and every instant the tests need has a label
/// ("i1", "t2", "inc3", "@i5" for when i5 started), so that the expectations read like the data.
/// </summary>
public abstract class SearchData : IAsyncLifetime
{
    public const string Default = "<default>";
    public const string Augsburg = "augsburg";

    /// <summary>An administrator in the default tenant who may also act in Augsburg.</summary>
    public const string MultiTenantKey = "test-multi-tenant-key";

    /// <summary>An administrator of Augsburg only.</summary>
    public const string AugsburgKey = "test-augsburg-key";

    private const string Head = """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"
                          id="d" targetNamespace="http://bpmn.io/schema/bpmn">
        """;

    private readonly Dictionary<string, string> _keys = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _labels = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _times = new(StringComparer.Ordinal);

    public EngineApp App { get; private set; } = null!;

    public HttpClient Admin { get; private set; } = null!;

    public HttpClient MultiTenant { get; private set; } = null!;

    public HttpClient AugsburgAdmin { get; private set; } = null!;

    public static string Application(string name, string taskName) => Head + $"""
          <bpmn:process id="antrag" name="{name}" isExecutable="true">
            <bpmn:startEvent id="start" />
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="pruefen" />
            <bpmn:userTask id="pruefen" name="{taskName}">
              <bpmn:extensionElements>
                <zeebe:assignmentDefinition candidateGroups="fachamt" candidateUsers="erika" />
                <zeebe:taskSchedule dueDate="=faellig" followUpDate="=wiedervorlage" />
                <zeebe:priorityDefinition priority="=prio" />
              </bpmn:extensionElements>
            </bpmn:userTask>
            <bpmn:sequenceFlow id="f2" sourceRef="pruefen" targetRef="end" />
            <bpmn:endEvent id="end" />
          </bpmn:process>
        </bpmn:definitions>
        """;

    public const string Report = Head + """
          <bpmn:process id="meldung" name="Meldung" isExecutable="true">
            <bpmn:startEvent id="start" />
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="erfassen" />
            <bpmn:userTask id="erfassen" name="Erfassen">
              <bpmn:extensionElements><zeebe:assignmentDefinition candidateGroups="meldeamt" /></bpmn:extensionElements>
            </bpmn:userTask>
            <bpmn:sequenceFlow id="f2" sourceRef="erfassen" targetRef="end" />
            <bpmn:endEvent id="end" />
          </bpmn:process>
        </bpmn:definitions>
        """;

    /// <summary>No name: a definition without one, for $exists: false.</summary>
    public const string Lookup = Head + """
          <bpmn:process id="abruf" isExecutable="true">
            <bpmn:startEvent id="start" />
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="abrufen" />
            <bpmn:serviceTask id="abrufen">
              <bpmn:extensionElements><zeebe:taskDefinition type="register-abruf" /></bpmn:extensionElements>
            </bpmn:serviceTask>
            <bpmn:sequenceFlow id="f2" sourceRef="abrufen" targetRef="end" />
            <bpmn:endEvent id="end" />
          </bpmn:process>
        </bpmn:definitions>
        """;

    /// <summary>x = 0 takes no flow: an incident without a job.</summary>
    public const string Switch = Head + """
          <bpmn:process id="weiche" name="Weiche" isExecutable="true">
            <bpmn:startEvent id="start" />
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="entscheiden" />
            <bpmn:exclusiveGateway id="entscheiden" />
            <bpmn:sequenceFlow id="f2" sourceRef="entscheiden" targetRef="end">
              <bpmn:conditionExpression>=x &gt; 1</bpmn:conditionExpression>
            </bpmn:sequenceFlow>
            <bpmn:endEvent id="end" />
          </bpmn:process>
        </bpmn:definitions>
        """;

    public static string Form(string id, string label) =>
        $$"""{ "id": "{{id}}", "type": "default", "components": [ { "type": "textfield", "key": "feld", "label": "{{label}}" } ] }""";

    public async Task InitializeAsync()
    {
        App = new EngineApp(new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero)),
            postgresConnectionString: await CreateDatabaseAsync(), settings: new Dictionary<string, string>
            {
                ["Engine:Auth:ApiKeys:2:Key"] = MultiTenantKey,
                ["Engine:Auth:ApiKeys:2:Name"] = "verbund",
                ["Engine:Auth:ApiKeys:2:Roles:0"] = "admin",
                ["Engine:Auth:ApiKeys:2:TenantIds:0"] = Augsburg,
                ["Engine:Auth:ApiKeys:3:Key"] = AugsburgKey,
                ["Engine:Auth:ApiKeys:3:Name"] = "augsburg",
                ["Engine:Auth:ApiKeys:3:Roles:0"] = "admin",
                ["Engine:Auth:ApiKeys:3:TenantId"] = Augsburg,
            });
        Admin = App.Admin();
        MultiTenant = App.WithKey(MultiTenantKey);
        AugsburgAdmin = App.WithKey(AugsburgKey);
        await SeedAsync();
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await DropDatabaseAsync();
        App.DeleteDatabaseFile();
    }

    /// <summary>The key of a label.</summary>
    public string Key(string label) => _keys.TryGetValue(label, out var key) ? key : throw new KeyNotFoundException($"No key is labelled '{label}'.");

    /// <summary>The label of a key, or the key itself when nothing is labelled with it.</summary>
    public string Label(string key) => _labels.GetValueOrDefault(key, key);

    /// <summary>{i1} becomes the key of i1, {@i1} the instant i1 was made (ISO 8601, UTC).</summary>
    public string Resolve(string template)
    {
        var result = new StringBuilder();
        for (var i = 0; i < template.Length; i++)
        {
            var end = template[i] == '{' ? template.IndexOf('}', i) : -1;
            var label = end > i ? template[(i + 1)..end] : "";
            if (label.Length > 0 && label.All(c => char.IsLetterOrDigit(c) || c is '@' or '.' or '-'))
            {
                result.Append(label.StartsWith('@') ? _times[label[1..]].ToString("O", CultureInfo.InvariantCulture) : Key(label));
                i = end;
            }
            else
            {
                result.Append(template[i]);
            }
        }

        return result.ToString();
    }

    protected abstract Task<string?> CreateDatabaseAsync();

    protected virtual Task DropDatabaseAsync() => Task.CompletedTask;

    private async Task SeedAsync()
    {
        await DeployAsync(Admin, "antrag.bpmn", Application("Antrag", "Prüfen"), "antrag1");
        await DeployAsync(Admin, "meldung.bpmn", Report, "meldung");
        await DeployAsync(Admin, "abruf.bpmn", Lookup, "abruf");
        await DeployAsync(Admin, "weiche.bpmn", Switch, "weiche");
        await DeployAsync(Admin, "formular-a.form", Form("formular-a", "Name"), "fa1");
        await DeployAsync(Admin, "formular-b.form", Form("formular-b", "Name"), "fb1");
        await DeployAsync(Admin, "formular-a.form", Form("formular-a", "Vorname"), "fa2");
        await DeployAsync(Admin, "antrag.bpmn", Application("Antrag auf Zuschuss", "Prüfen und freigeben"), "antrag2");

        await StartAsync(Admin, new { processDefinitionId = "antrag", processDefinitionVersion = 1, variables = Schedule(10, "2026-12-01", "2026-11-30") }, "i1");
        await StartAsync(Admin, new { processDefinitionId = "antrag", variables = Schedule(80, "2026-12-05", "2026-12-04") }, "i2");
        await StartAsync(Admin, new { processDefinitionId = "meldung" }, "i3");
        await StartAsync(Admin, new { processDefinitionId = "abruf" }, "i4");
        await StartAsync(Admin, new { processDefinitionId = "weiche", variables = new { x = 0 } }, "i5");
        await LabelTaskAsync("i1", "t1", "e1");
        await LabelTaskAsync("i2", "t2", "e2");
        await LabelTaskAsync("i3", "t3", "e3");

        var jobs = await EngineApp.JsonAsync(await Admin.PostAsJsonAsync("/v2/jobs/activation", new { type = "register-abruf", maxJobsToActivate = 1 }));
        Label(jobs["jobs"]![0]!["jobKey"]!.GetValue<string>(), "job1");
        await Ok(Admin.PostAsJsonAsync($"/v2/jobs/{Key("job1")}/failure", new { retries = 0, errorMessage = "Register nicht erreichbar" }));
        await LabelIncidentAsync("i4", "inc1");
        await LabelIncidentAsync("i5", "inc2");
        Tick();

        await Ok(Admin.PostAsJsonAsync($"/v2/user-tasks/{Key("t2")}/assignment", new { assignee = "karl" }));
        Tick();
        await Ok(Admin.PostAsJsonAsync($"/v2/user-tasks/{Key("t1")}/completion", new { variables = new { geprueft = true } }));
        Mark("i1.end");
        Tick();
        await Ok(Admin.PostAsync($"/v2/process-instances/{Key("i3")}/cancellation", null));
        Mark("i3.end");
        Tick();
        await Ok(Admin.PutAsJsonAsync($"/v2/element-instances/{Key("i5")}/variables", new { variables = new { x = 5 } }));
        await Ok(Admin.PostAsync($"/v2/incidents/{Key("inc2")}/resolution", null));
        Mark("i5.end");
        Tick();
        await StartAsync(Admin, new { processDefinitionId = "weiche", variables = new { x = 0 } }, "i6");
        await LabelIncidentAsync("i6", "inc3");

        await DeployAsync(AugsburgAdmin, "antrag.bpmn", Application("Antrag", "Prüfen"), "antragA");
        await DeployAsync(AugsburgAdmin, "weiche.bpmn", Switch, "weicheA");
        await DeployAsync(AugsburgAdmin, "formular-a.form", Form("formular-a", "Name"), "faA");
        await StartAsync(AugsburgAdmin, new { processDefinitionId = "antrag", variables = Schedule(30, "2026-12-02", "2026-12-01") }, "a1");
        await StartAsync(AugsburgAdmin, new { processDefinitionId = "weiche", variables = new { x = 0 } }, "a2");
        await LabelTaskAsync("a1", "ta1", "ea1");
        await LabelIncidentAsync("a2", "incA");
    }

    private static object Schedule(int priority, string due, string followUp) =>
        new { prio = priority, faellig = due + "T10:00:00Z", wiedervorlage = followUp + "T09:00:00Z" };

    private async Task DeployAsync(HttpClient client, string fileName, string content, string label)
    {
        using var form = new MultipartFormDataContent();
        var part = new ByteArrayContent(Encoding.UTF8.GetBytes(content));
        part.Headers.ContentType = new MediaTypeHeaderValue(fileName.EndsWith(".form", StringComparison.Ordinal) ? "application/json" : "text/xml");
        form.Add(part, "resources", fileName);
        var deployed = (await EngineApp.JsonAsync(await client.PostAsync("/v2/deployments", form)))["deployments"]![0]!;
        Label(deployed["processDefinition"]?["processDefinitionKey"]?.GetValue<string>() ?? deployed["form"]!["formKey"]!.GetValue<string>(), label);
        Mark(label);
        Tick();
    }

    private async Task StartAsync(HttpClient client, object request, string label)
    {
        var started = await EngineApp.JsonAsync(await client.PostAsJsonAsync("/v2/process-instances", request));
        Label(started["processInstanceKey"]!.GetValue<string>(), label);
        Mark(label);
        Tick();
    }

    private async Task LabelTaskAsync(string instance, string task, string element)
    {
        var client = instance.StartsWith('a') ? AugsburgAdmin : Admin;
        var found = await EngineApp.JsonAsync(await client.PostAsJsonAsync("/v2/user-tasks/search",
            new { filter = new { processInstanceKey = Key(instance) } }));
        var item = Assert.Single(found["items"]!.AsArray())!;
        Label(item["userTaskKey"]!.GetValue<string>(), task);
        Label(item["elementInstanceKey"]!.GetValue<string>(), element);
    }

    private async Task LabelIncidentAsync(string instance, string incident)
    {
        var client = instance.StartsWith('a') ? AugsburgAdmin : Admin;
        var found = await EngineApp.JsonAsync(await client.PostAsJsonAsync("/v2/incidents/search",
            new { filter = new { processInstanceKey = Key(instance) } }));
        Label(Assert.Single(found["items"]!.AsArray())!["incidentKey"]!.GetValue<string>(), incident);
    }

    private void Label(string key, string label)
    {
        _keys[label] = key;
        _labels[key] = label;
    }

    private void Mark(string label) => _times[label] = App.Clock.GetUtcNow();

    /// <summary>A minute between all that happens, so that every instant differs from every other.</summary>
    private void Tick() => App.Clock.Advance(TimeSpan.FromMinutes(1));

    private static async Task Ok(Task<HttpResponseMessage> request)
    {
        var response = await request;
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }
}

public sealed class SqliteSearchData : SearchData
{
    protected override Task<string?> CreateDatabaseAsync() => Task.FromResult<string?>(null);
}

public sealed class PostgresSearchData : SearchData
{
    private PostgresServer? _server;
    private string? _database;

    protected override async Task<string?> CreateDatabaseAsync()
    {
        _server = await PostgresServer.GetAsync();
        return _database = await _server.CreateDatabaseAsync("searches");
    }

    protected override Task DropDatabaseAsync() => _server!.DropDatabaseAsync(_database!);
}

internal static class JsonItems
{
    public static JsonArray Items(this JsonObject result) => result["items"]!.AsArray();
}
