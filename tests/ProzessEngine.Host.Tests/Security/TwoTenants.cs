using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Time.Testing;
using ProzessEngine.Host.Tests.Infrastructure;

namespace ProzessEngine.Host.Tests.Security;

/// <summary>
/// One host with two municipalities, stadt-a and stadt-b, each with the same process deployed: an instance waits at a
/// user task, a job, an incident, an ad-hoc sub-process, a message and a signal at once, so that every write path of
/// the API has something to act on. Callers are API keys and development-login sessions of either tenant.
/// </summary>
public sealed class TwoTenants : IAsyncDisposable
{
    public const string A = "stadt-a";
    public const string B = "stadt-b";
    public const string Group = "fachamt";
    public const string JobType = "register-abruf";
    public const string MessageName = "Unterlagen eingegangen";
    public const string SignalName = "Frist abgelaufen";

    /// <summary>Everything at once: each branch waits in its own way.</summary>
    public const string Model = """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"
                          id="d" targetNamespace="http://bpmn.io/schema/bpmn">
          <bpmn:process id="akte" isExecutable="true">
            <bpmn:startEvent id="start" />
            <bpmn:sequenceFlow id="f0" sourceRef="start" targetRef="verteilen" />
            <bpmn:parallelGateway id="verteilen" />
            <bpmn:sequenceFlow id="f1" sourceRef="verteilen" targetRef="pruefen" />
            <bpmn:sequenceFlow id="f2" sourceRef="verteilen" targetRef="abruf" />
            <bpmn:sequenceFlow id="f3" sourceRef="verteilen" targetRef="kaputt" />
            <bpmn:sequenceFlow id="f4" sourceRef="verteilen" targetRef="anhoerung" />
            <bpmn:sequenceFlow id="f5" sourceRef="verteilen" targetRef="unterlagen" />
            <bpmn:sequenceFlow id="f6" sourceRef="verteilen" targetRef="frist" />
            <bpmn:userTask id="pruefen" name="Prüfen">
              <bpmn:extensionElements>
                <zeebe:assignmentDefinition candidateGroups="fachamt" />
                <zeebe:formDefinition formId="antrag" />
              </bpmn:extensionElements>
            </bpmn:userTask>
            <bpmn:serviceTask id="abruf">
              <bpmn:extensionElements><zeebe:taskDefinition type="register-abruf" /></bpmn:extensionElements>
            </bpmn:serviceTask>
            <bpmn:serviceTask id="kaputt">
              <bpmn:extensionElements>
                <zeebe:taskDefinition type="nie-aktiviert" />
                <zeebe:ioMapping><zeebe:input source="=gibtEsNicht.feld + 1" target="x" /></zeebe:ioMapping>
              </bpmn:extensionElements>
            </bpmn:serviceTask>
            <bpmn:adHocSubProcess id="anhoerung">
              <bpmn:userTask id="anhoeren" />
            </bpmn:adHocSubProcess>
            <bpmn:intermediateCatchEvent id="unterlagen"><bpmn:messageEventDefinition messageRef="m" /></bpmn:intermediateCatchEvent>
            <bpmn:intermediateCatchEvent id="frist"><bpmn:signalEventDefinition signalRef="s" /></bpmn:intermediateCatchEvent>
            <bpmn:sequenceFlow id="e1" sourceRef="pruefen" targetRef="ende1" />
            <bpmn:sequenceFlow id="e2" sourceRef="abruf" targetRef="ende2" />
            <bpmn:sequenceFlow id="e3" sourceRef="kaputt" targetRef="ende3" />
            <bpmn:sequenceFlow id="e4" sourceRef="anhoerung" targetRef="ende4" />
            <bpmn:sequenceFlow id="e5" sourceRef="unterlagen" targetRef="ende5" />
            <bpmn:sequenceFlow id="e6" sourceRef="frist" targetRef="ende6" />
            <bpmn:endEvent id="ende1" />
            <bpmn:endEvent id="ende2" />
            <bpmn:endEvent id="ende3" />
            <bpmn:endEvent id="ende4" />
            <bpmn:endEvent id="ende5" />
            <bpmn:endEvent id="ende6" />
          </bpmn:process>
          <bpmn:message id="m" name="Unterlagen eingegangen">
            <bpmn:extensionElements><zeebe:subscription correlationKey="=aktenzeichen" /></bpmn:extensionElements>
          </bpmn:message>
          <bpmn:signal id="s" name="Frist abgelaufen" />
        </bpmn:definitions>
        """;

    public const string Form = """
        { "id": "antrag", "type": "default", "schemaVersion": 16,
          "components": [ { "type": "textfield", "key": "name", "label": "Name" } ] }
        """;

    public const string DecisionId = "stufe";

    /// <summary>A literal decision, so that the decision endpoints have something of each tenant to find and evaluate.</summary>
    public const string Decision = """
        <?xml version="1.0" encoding="UTF-8"?>
        <definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="stufen" name="Stufen" namespace="http://camunda.org/schema/1.0/dmn">
          <decision id="stufe" name="Stufe">
            <variable name="stufe" typeRef="number" />
            <literalExpression id="stufe_text"><text>if betrag &gt; 100 then 2 else 1</text></literalExpression>
          </decision>
        </definitions>
        """;

    private const string SetupKey = "setup-key";

    private static readonly (string Key, string Role, string Tenant)[] Keys =
    [
        ("system-a", "system", A), ("operator-a", "operator", A), ("admin-a", "admin", A),
        ("system-b", "system", B), ("operator-b", "operator", B), ("admin-b", "admin", B),
    ];

    private readonly ConcurrentDictionary<string, string> _definitions = new();
    private readonly ConcurrentDictionary<string, string> _forms = new();
    private readonly ConcurrentDictionary<string, string> _decisions = new();
    private readonly ConcurrentDictionary<string, string> _decisionRequirements = new();
    private int _sequence;

    private TwoTenants(EngineApp app) => App = app;

    public EngineApp App { get; }

    /// <summary>An administrator in both tenants: prepares what the callers under test act on, and looks at the result.</summary>
    public HttpClient Setup => App.WithKey(SetupKey);

    public static async Task<TwoTenants> StartAsync(IReadOnlyDictionary<string, string>? extraSettings = null)
    {
        var settings = new Dictionary<string, string>
        {
            ["Engine:Auth:ApiKeys:2:Key"] = SetupKey,
            ["Engine:Auth:ApiKeys:2:Name"] = "einrichtung",
            ["Engine:Auth:ApiKeys:2:Roles:0"] = "admin",
            ["Engine:Auth:ApiKeys:2:TenantId"] = A,
            ["Engine:Auth:ApiKeys:2:TenantIds:0"] = B,
        };
        for (var i = 0; i < Keys.Length; i++)
        {
            var prefix = $"Engine:Auth:ApiKeys:{(i + 3).ToString(CultureInfo.InvariantCulture)}:";
            settings[prefix + "Key"] = Keys[i].Key;
            settings[prefix + "Name"] = Keys[i].Key;
            settings[prefix + "Roles:0"] = Keys[i].Role;
            settings[prefix + "TenantId"] = Keys[i].Tenant;
        }

        foreach (var (key, value) in extraSettings ?? new Dictionary<string, string>())
        {
            settings[key] = value;
        }

        var tenants = new TwoTenants(new EngineApp(new FakeTimeProvider(DateTimeOffset.UtcNow), settings: settings));
        foreach (var tenant in new[] { A, B })
        {
            var deployed = await EngineApp.JsonAsync(await DeployAsync(tenants.Setup, tenant, ("akte.bpmn", Model), ("antrag.form", Form),
                ("stufen.dmn", Decision)));
            foreach (var item in deployed["deployments"]!.AsArray())
            {
                if (item!["processDefinition"] is { } definition)
                {
                    tenants._definitions[tenant] = definition["processDefinitionKey"]!.GetValue<string>();
                }

                if (item["form"] is { } form)
                {
                    tenants._forms[tenant] = form["formKey"]!.GetValue<string>();
                }

                if (item["decisionDefinition"] is { } decision)
                {
                    tenants._decisions[tenant] = decision["decisionDefinitionKey"]!.GetValue<string>();
                }

                if (item["decisionRequirements"] is { } graph)
                {
                    tenants._decisionRequirements[tenant] = graph["decisionRequirementsKey"]!.GetValue<string>();
                }
            }
        }

        return tenants;
    }

    public static async Task<HttpResponseMessage> DeployAsync(HttpClient client, string? tenant, params (string Name, string Content)[] files)
    {
        using var form = new MultipartFormDataContent();
        foreach (var (name, content) in files)
        {
            var part = new ByteArrayContent(Encoding.UTF8.GetBytes(content));
            part.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(name.EndsWith(".form", StringComparison.Ordinal) ? "application/json" : "text/xml");
            form.Add(part, "resources", name);
        }

        if (tenant is not null)
        {
            form.Add(new StringContent(tenant), "tenantId");
        }

        return await client.PostAsync("/v2/deployments", form);
    }

    public string DefinitionKey(string tenant) => _definitions[tenant];

    public string FormKey(string tenant) => _forms[tenant];

    public string DecisionKey(string tenant) => _decisions[tenant];

    public string DecisionRequirementsKey(string tenant) => _decisionRequirements[tenant];

    /// <summary>An API key of the tenant with one role (system, operator or admin).</summary>
    public HttpClient Key(string role, string tenant) => App.WithKey(Keys.Single(k => k.Role == role && k.Tenant == tenant).Key);

    /// <summary>A person signed in through the development login, in the tenant's candidate group, with one role.</summary>
    public async Task<HttpClient> PersonAsync(string role, string tenant, string? userId = null)
    {
        var client = App.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true });
        client.DefaultRequestHeaders.Add("X-Requested-With", "ProzessEngine-Designer");
        var response = await client.PostAsJsonAsync("/auth/login", new
        {
            userId = userId ?? $"{role}-{tenant}",
            groups = new[] { Group },
            roles = new[] { role },
            tenantIds = new[] { tenant },
        });
        response.EnsureSuccessStatusCode();
        return client;
    }

    /// <summary>A new instance in the tenant, waiting everywhere; its correlation key is its own.</summary>
    public async Task<Instance> StartAsync(string tenant)
    {
        var aktenzeichen = $"AZ-{Interlocked.Increment(ref _sequence).ToString(CultureInfo.InvariantCulture)}";
        var response = await Setup.PostAsJsonAsync("/v2/process-instances", new
        {
            processDefinitionId = "akte",
            tenantId = tenant,
            variables = new { aktenzeichen, betrag = 100 },
        });
        var key = (await EngineApp.JsonAsync(response))["processInstanceKey"]!.GetValue<string>();
        return new Instance(this, key, tenant, aktenzeichen);
    }

    /// <summary>A running substitution of <paramref name="absentUserId"/> in the tenant, set up by the administrator; its key.</summary>
    public async Task<string> SubstitutionKeyAsync(string tenant, string absentUserId)
    {
        var response = await Setup.PostAsJsonAsync("/v2/substitutions", new { absentUserId, deputies = new[] { "vertretung" }, to = "2099-12-31", tenantId = tenant });
        return (await EngineApp.JsonAsync(response))["substitutionKey"]!.GetValue<string>();
    }

    /// <summary>Locks one job of the tenant for the setup key and returns its key.</summary>
    public async Task<string> ActivateJobAsync(string tenant)
    {
        var response = await Setup.PostAsJsonAsync("/v2/jobs/activation", new { type = JobType, maxJobsToActivate = 1, tenantIds = new[] { tenant } });
        var jobs = (await EngineApp.JsonAsync(response))["jobs"]!.AsArray();
        return jobs.Count == 1 ? jobs[0]!["jobKey"]!.GetValue<string>() : throw new InvalidOperationException($"No job of {tenant} to activate.");
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        App.DeleteDatabaseFile();
    }

    /// <summary>An instance of <see cref="Model"/> and the keys of what waits in it.</summary>
    public sealed record Instance(TwoTenants Tenants, string Key, string Tenant, string Aktenzeichen)
    {
        public async Task<JsonObject> StateAsync() => await EngineApp.InstanceAsync(Tenants.Setup, Key);

        public async Task<string> TaskKeyAsync() =>
            (await EngineApp.TasksAsync(Tenants.Setup, new { processInstanceKey = Key, elementId = "pruefen", tenantId = Tenant }))[0]!["userTaskKey"]!.GetValue<string>();

        public async Task<string> IncidentKeyAsync() =>
            (await StateAsync())["incidents"]!.AsArray().Single(i => i!["state"]!.GetValue<string>() == "ACTIVE")!["incidentKey"]!.GetValue<string>();

        public async Task<string> AdHocKeyAsync() =>
            (await StateAsync())["activeElements"]!.AsArray().Single(e => e!["elementId"]!.GetValue<string>() == "anhoerung")!["elementInstanceKey"]!
                .GetValue<string>();

        public async Task<bool> WaitsAtAsync(string elementId) =>
            (await StateAsync())["activeElements"]!.AsArray().Any(e => e!["elementId"]!.GetValue<string>() == elementId);
    }
}
