using System.Net;
using System.Net.Http.Json;
using System.Security;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using ProzessEngine.Host.Connectors;
using ProzessEngine.Host.Tests.Infrastructure;
using ProzessEngine.Testing;
using ProzessEngine.Testing.Models;

namespace ProzessEngine.Host.Tests.Connectors;

/// <summary>
/// The REST connector under the settings an installation starts with: an outbound call the policy refuses is an
/// incident naming the host, and no request leaves the machine. Written once, run on SQLite and PostgreSQL.
/// </summary>
public abstract class RestConnectorPolicyTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero));
    private readonly List<(EngineApp App, string? Database)> _apps = [];
    private PostgresServer? _server;
    private StubServer _stub = null!;

    protected abstract bool Postgres { get; }

    public async Task InitializeAsync()
    {
        _stub = await StubServer.StartAsync();
        if (Postgres)
        {
            _server = await PostgresServer.GetAsync();
        }
    }

    public async Task DisposeAsync()
    {
        await _stub.DisposeAsync();
        foreach (var (app, database) in _apps)
        {
            if (database is null)
            {
                app.DeleteDatabaseFile();
            }
            else
            {
                await _server!.DropDatabaseAsync(database);
            }
        }
    }

    /// <summary>A host on a database of its own (disposed by the test).</summary>
    private async Task<EngineApp> AppAsync(IReadOnlyDictionary<string, string>? settings = null, Action<IServiceCollection>? services = null)
    {
        var database = _server is null ? null : await _server.CreateDatabaseAsync(GetType().Name);
        var app = new EngineApp(_clock, postgresConnectionString: database, settings: settings, services: services);
        _apps.Add((app, database));
        return app;
    }

    [Fact]
    public async Task Without_allowed_networks_loopback_private_link_local_and_rebound_addresses_are_refused()
    {
        // As in Development: any host name, but only public addresses.
        await using var app = await AppAsync(new Dictionary<string, string> { ["Engine:Connectors:Http:AllowedHosts:0"] = "*" },
            services: s => s.AddSingleton<HostResolver>((host, token) => host == "rebind.stadt.example"
                ? Task.FromResult(new[] { IPAddress.Loopback })
                : Dns.GetHostAddressesAsync(host, token)));
        var admin = app.Admin();
        await DeployAsync(admin, Input("method", "GET") + Input("url", "=adresse"));
        var port = _stub.Port;
        var cases = new (string Url, string Expected)[]
        {
            ($"http://127.0.0.1:{port}/", "'127.0.0.1' resolves to 127.0.0.1, a loopback address"),
            ("http://10.20.30.40/akten", "'10.20.30.40' resolves to 10.20.30.40, a private address"),
            ("http://169.254.169.254/latest/meta-data/", "'169.254.169.254' resolves to 169.254.169.254, a link-local address"),
            ($"http://[::1]:{port}/", "resolves to ::1, a loopback address"),
            ($"http://[::ffff:127.0.0.1]:{port}/", "a loopback address"),
            ($"http://rebind.stadt.example:{port}/", "'rebind.stadt.example' resolves to 127.0.0.1, a loopback address"),
        };

        var keys = new List<string>();
        foreach (var (url, _) in cases)
        {
            keys.Add(await EngineApp.StartAsync(admin, "abfrage", new { adresse = url }));
        }

        await app.Signals.CommittedAsync("fail-job", cases.Length);
        foreach (var ((_, expected), key) in cases.Zip(keys))
        {
            var message = Assert.Single(await IncidentsAsync(admin, key))!["errorMessage"]!.GetValue<string>();
            Assert.Contains(expected, message, StringComparison.Ordinal);
            Assert.Contains("AllowedNetworks", message, StringComparison.Ordinal);
        }

        Assert.Empty(_stub.Requests);
    }

    [Fact]
    public async Task With_no_settings_no_host_is_allowed_and_the_incident_names_the_host()
    {
        await using var app = await AppAsync();
        var admin = app.Admin();
        await DeployAsync(admin, Input("method", "GET") + Input("url", $"http://localhost:{_stub.Port}/akten"));

        var key = await EngineApp.StartAsync(admin, "abfrage");
        await app.Signals.CommittedAsync("fail-job", 1);

        var message = Assert.Single(await IncidentsAsync(admin, key))!["errorMessage"]!.GetValue<string>();
        Assert.Contains("The host 'localhost' is not allowed", message, StringComparison.Ordinal);
        Assert.Empty(_stub.Requests);
    }

    [Fact]
    public async Task A_secret_that_is_not_configured_is_an_incident_naming_it()
    {
        await using var app = await AppAsync(new Dictionary<string, string>
        {
            ["Engine:Connectors:Http:AllowedHosts:0"] = "127.0.0.1",
            ["Engine:Connectors:Http:AllowedNetworks:0"] = "127.0.0.1/32",
        });
        var admin = app.Admin();
        await DeployAsync(admin, Input("method", "GET") + Input("url", $"{_stub.BaseAddress}akten")
            + Input("authentication.type", "bearer") + Input("authentication.token", "{{secrets.FEHLT}}"));

        var key = await EngineApp.StartAsync(admin, "abfrage");
        await app.Signals.CommittedAsync("fail-job", 1);

        var message = Assert.Single(await IncidentsAsync(admin, key))!["errorMessage"]!.GetValue<string>();
        Assert.Contains("'authentication.token'", message, StringComparison.Ordinal);
        Assert.Contains("Engine:Secrets:FEHLT", message, StringComparison.Ordinal);
        Assert.Empty(_stub.Requests);
    }

    [Fact]
    public async Task A_rest_task_without_a_url_is_refused_at_deployment_naming_the_element_and_the_property()
    {
        await using var app = await AppAsync();

        var response = await EngineApp.DeployAsync(app.Admin(), ("abfrage.bpmn", Model(Input("method", "GET"))));

        var problem = (await EngineApp.ProblemAsync(response, 400)).ToJsonString(new System.Text.Json.JsonSerializerOptions
        {
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        });
        Assert.Contains("rest", problem, StringComparison.Ordinal);
        Assert.Contains("input 'url'", problem, StringComparison.Ordinal);
    }

    private static async Task<JsonArray> IncidentsAsync(HttpClient client, string key) =>
        (await EngineApp.JsonAsync(await client.PostAsJsonAsync("/v2/incidents/search", new { filter = new { processInstanceKey = key } })))["items"]!.AsArray();

    private static async Task DeployAsync(HttpClient admin, string inputs) =>
        await EngineApp.JsonAsync(await EngineApp.DeployAsync(admin, ("abfrage.bpmn", Model(inputs))));

    private static string Model(string inputs) => RoutingModels.Head + $"""
          <bpmn:process id="abfrage" isExecutable="true">
            <bpmn:startEvent id="start" />
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="rest" />
            <bpmn:serviceTask id="rest">
              <bpmn:extensionElements>
                <zeebe:taskDefinition type="io.camunda:http-json:1" retries="3" />
                <zeebe:ioMapping>{inputs}</zeebe:ioMapping>
              </bpmn:extensionElements>
            </bpmn:serviceTask>
            <bpmn:sequenceFlow id="f2" sourceRef="rest" targetRef="ende" />
            <bpmn:endEvent id="ende" />
          </bpmn:process>
        </bpmn:definitions>
        """;

    private static string Input(string target, string source) => $"""<zeebe:input source="{SecurityElement.Escape(source)}" target="{target}" />""";
}

public sealed class SqliteRestConnectorPolicyTests : RestConnectorPolicyTests
{
    protected override bool Postgres => false;
}

public sealed class PostgresRestConnectorPolicyTests : RestConnectorPolicyTests
{
    protected override bool Postgres => true;
}
