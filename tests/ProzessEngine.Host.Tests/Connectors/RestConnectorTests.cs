using System.Net.Http.Json;
using System.Security;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using ProzessEngine.Core.State;
using ProzessEngine.Host.Tests.Infrastructure;
using ProzessEngine.Persistence;
using ProzessEngine.Persistence.Stores;
using ProzessEngine.Testing;
using ProzessEngine.Testing.Models;

namespace ProzessEngine.Host.Tests.Connectors;

/// <summary>
/// REST connector tasks (io.camunda:http-json:1) run by the engine against a server the test starts on loopback,
/// which this configuration allows explicitly. Written once, run on SQLite and PostgreSQL.
/// </summary>
public abstract class RestConnectorTests : IAsyncLifetime
{
    private const string Token = "geheim-melderegister-7f3a";
    private const string ApiKey = "schluessel-4711-b9c2";
    private const string BasicPassword = "passwort-amt-31d8";
    private const string ClientSecret = "client-geheimnis-5e61";

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero));
    private PostgresServer? _server;
    private string? _database;
    private EngineApp _app = null!;
    private StubServer _stub = null!;
    private HttpClient _admin = null!;

    protected abstract bool Postgres { get; }

    public async Task InitializeAsync()
    {
        if (Postgres)
        {
            _server = await PostgresServer.GetAsync();
            _database = await _server.CreateDatabaseAsync(GetType().Name);
        }

        _stub = await StubServer.StartAsync();
        _app = new EngineApp(_clock, postgresConnectionString: _database, settings: new Dictionary<string, string>
        {
            ["Engine:Connectors:Http:AllowedHosts:0"] = "127.0.0.1",
            ["Engine:Connectors:Http:AllowedNetworks:0"] = "127.0.0.1/32",
            ["Engine:Secrets:MELDEREGISTER_TOKEN"] = Token,
            ["Engine:Secrets:API_KEY"] = ApiKey,
            ["Engine:Secrets:BASIC_PASSWORD"] = BasicPassword,
            ["Engine:Secrets:CLIENT_SECRET"] = ClientSecret,
        });
        _admin = _app.Admin();
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _stub.DisposeAsync();
        if (_server is not null)
        {
            await _server.DropDatabaseAsync(_database!);
        }
        else
        {
            _app.DeleteDatabaseFile();
        }
    }

    [Fact]
    public async Task A_get_puts_the_response_into_the_result_variable_and_the_result_expression()
    {
        _stub.Json("/antraege/4711", 200, """{ "stand": "genehmigt", "betrag": 120.50 }""");
        await DeployAsync(Rest("rest", Input("method", "GET") + Input("url", $"=\"{_stub.BaseAddress}antraege/\" + string(nummer)"),
            Header("resultVariable", "antwort") + Header("resultExpression", "={ stand: response.body.stand }")));

        var key = await EngineApp.StartAsync(_admin, "abfrage", new { nummer = 4711 });

        Assert.Equal(InstanceStatus.Completed, await _app.Signals.EndedAsync(key));
        var variables = (await EngineApp.InstanceAsync(_admin, key))["variables"]!;
        Assert.Equal(200, variables["antwort"]!["status"]!.GetValue<int>());
        Assert.Equal(120.50m, variables["antwort"]!["body"]!["betrag"]!.GetValue<decimal>());
        Assert.StartsWith("application/json", variables["antwort"]!["headers"]!["Content-Type"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("genehmigt", variables["stand"]!.GetValue<string>());
        var request = Assert.Single(_stub.Requests);
        Assert.Equal(("GET", "/antraege/4711"), (request.Method, request.Path));
    }

    [Fact]
    public async Task A_post_sends_the_body_the_headers_and_the_query_parameters()
    {
        _stub.Json("/antraege", 201, """{ "id": "A-1" }""");
        await DeployAsync(Rest("rest",
            Input("method", "POST") + Input("url", $"{_stub.BaseAddress}antraege") + Input("headers", "={ \"X-Vorgang\": vorgang }")
            + Input("queryParameters", "={ ausgabe: \"kurz\", seite: 2 }") + Input("body", "={ name: nachname, kinder: [1, 2], fehlt: null }")
            + Input("ignoreNullValues", "true"),
            Header("resultExpression", "={ antragId: response.body.id }")));

        var key = await EngineApp.StartAsync(_admin, "abfrage", new { vorgang = "V-17", nachname = "Muster" });

        Assert.Equal(InstanceStatus.Completed, await _app.Signals.EndedAsync(key));
        Assert.Equal("A-1", (await EngineApp.InstanceAsync(_admin, key))["variables"]!["antragId"]!.GetValue<string>());
        var request = Assert.Single(_stub.Requests);
        Assert.Equal(("POST", "?ausgabe=kurz&seite=2", "V-17"), (request.Method, request.Query, request.Headers["X-Vorgang"]));
        Assert.StartsWith("application/json", request.Headers["Content-Type"], StringComparison.Ordinal);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{ "name": "Muster", "kinder": [1, 2] }"""), JsonNode.Parse(request.Body)), request.Body);
    }

    [Fact]
    public async Task Basic_bearer_and_api_key_authentication_reach_the_server_with_the_configured_secrets()
    {
        foreach (var path in new[] { "/basic", "/bearer", "/schluessel-kopf", "/schluessel-anfrage" })
        {
            _stub.Json(path, 200, "{}");
        }

        await DeployAsync(
            Rest("basic", Get("basic") + Auth("basic") + Input("authentication.username", "amt") + Input("authentication.password", "{{secrets.BASIC_PASSWORD}}")),
            Rest("bearer", Get("bearer") + Auth("bearer") + Input("authentication.token", "{{ secrets.MELDEREGISTER_TOKEN }}")),
            Rest("kopf", Get("schluessel-kopf") + Auth("apiKey") + Input("authentication.apiKeyLocation", "headers")
                + Input("authentication.name", "X-Api-Key") + Input("authentication.value", "{{secrets.API_KEY}}")),
            Rest("anfrage", Get("schluessel-anfrage") + Auth("apiKey") + Input("authentication.apiKeyLocation", "query")
                + Input("authentication.name", "key") + Input("authentication.value", "{{secrets.API_KEY}}")));

        var key = await EngineApp.StartAsync(_admin, "abfrage");

        Assert.Equal(InstanceStatus.Completed, await _app.Signals.EndedAsync(key));
        var requests = _stub.Requests.ToDictionary(r => r.Path);
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("amt:" + BasicPassword)), requests["/basic"].Headers["Authorization"]);
        Assert.Equal("Bearer " + Token, requests["/bearer"].Headers["Authorization"]);
        Assert.Equal(ApiKey, requests["/schluessel-kopf"].Headers["X-Api-Key"]);
        Assert.Equal("?key=" + ApiKey, requests["/schluessel-anfrage"].Query);
    }

    [Fact]
    public async Task Oauth_client_credentials_fetch_one_token_and_use_it_until_shortly_before_it_expires()
    {
        var issued = 0;
        _stub.On("/token", async (context, _) =>
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync($$"""{ "access_token": "zugang-{{Interlocked.Increment(ref issued)}}", "token_type": "Bearer", "expires_in": 300 }""");
        });
        _stub.Json("/auskunft", 200, """{ "ok": true }""");
        await DeployAsync(Rest("rest", Get("auskunft") + Auth("oauth-client-credentials-flow")
            + Input("authentication.oauthTokenEndpoint", $"{_stub.BaseAddress}token") + Input("authentication.clientId", "prozessengine")
            + Input("authentication.clientSecret", "{{secrets.CLIENT_SECRET}}") + Input("authentication.audience", "melderegister")
            + Input("authentication.scopes", "auskunft:lesen") + Input("authentication.clientAuthentication", "basicAuthHeader")));

        foreach (var _ in Enumerable.Range(0, 2))
        {
            Assert.Equal(InstanceStatus.Completed, await _app.Signals.EndedAsync(await EngineApp.StartAsync(_admin, "abfrage")));
        }

        var tokenRequest = Assert.Single(_stub.Requests, r => r.Path == "/token");
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("prozessengine:" + ClientSecret)), tokenRequest.Headers["Authorization"]);
        Assert.Equal("grant_type=client_credentials&audience=melderegister&scope=auskunft%3Alesen", tokenRequest.Body);
        Assert.All(_stub.Requests.Where(r => r.Path == "/auskunft"), r => Assert.Equal("Bearer zugang-1", r.Headers["Authorization"]));

        _clock.Advance(TimeSpan.FromSeconds(271));
        Assert.Equal(InstanceStatus.Completed, await _app.Signals.EndedAsync(await EngineApp.StartAsync(_admin, "abfrage")));

        Assert.Equal(2, _stub.Requests.Count(r => r.Path == "/token"));
        Assert.Equal("Bearer zugang-2", _stub.Requests.Last(r => r.Path == "/auskunft").Headers["Authorization"]);
    }

    [Fact]
    public async Task Oauth_refresh_token_sends_the_refresh_token_and_the_client_in_the_body()
    {
        _stub.Json("/token", 200, """{ "access_token": "zugang-aus-erneuerung", "expires_in": 600 }""");
        _stub.Json("/auskunft", 200, "{}");
        await DeployAsync(Rest("rest", Get("auskunft") + Auth("oauth-refresh-token")
            + Input("authentication.oauthTokenEndpoint", $"{_stub.BaseAddress}token") + Input("authentication.clientId", "prozessengine")
            + Input("authentication.refreshToken", "{{secrets.MELDEREGISTER_TOKEN}}") + Input("authentication.scopes", "auskunft")));

        Assert.Equal(InstanceStatus.Completed, await _app.Signals.EndedAsync(await EngineApp.StartAsync(_admin, "abfrage")));

        var tokenRequest = Assert.Single(_stub.Requests, r => r.Path == "/token");
        Assert.Equal($"grant_type=refresh_token&refresh_token={Token}&scope=auskunft&client_id=prozessengine", tokenRequest.Body);
        Assert.False(tokenRequest.Headers.ContainsKey("Authorization"));
        Assert.Equal("Bearer zugang-aus-erneuerung", Assert.Single(_stub.Requests, r => r.Path == "/auskunft").Headers["Authorization"]);
    }

    [Fact]
    public async Task An_error_expression_turns_a_404_into_a_bpmn_error_that_the_boundary_event_catches()
    {
        _stub.Json("/personen/0815", 404, """{ "meldung": "nicht gemeldet" }""");
        await DeployAsync(Rest("rest", Get("personen/0815"), Header("errorExpression",
                "=if error.code = \"404\" then bpmnError(\"NICHT_GEFUNDEN\", error.message, { meldung: error.variables.response.body.meldung }) else null")),
            extra: """
                <bpmn:boundaryEvent id="nicht-gefunden" attachedToRef="rest"><bpmn:errorEventDefinition errorRef="unbekannt" /></bpmn:boundaryEvent>
                <bpmn:sequenceFlow id="fehler" sourceRef="nicht-gefunden" targetRef="nachfragen" />
                <bpmn:userTask id="nachfragen" />
                """);

        var key = await EngineApp.StartAsync(_admin, "abfrage");

        Assert.True(await Eventually.HoldsAsync(async () => (await EngineApp.TasksAsync(_admin, new { processInstanceKey = key })).Count == 1, TimeSpan.FromSeconds(30)));
        var task = Assert.Single(await EngineApp.TasksAsync(_admin, new { processInstanceKey = key }))!;
        Assert.Equal("nachfragen", task["elementId"]!.GetValue<string>());
        Assert.Empty(await IncidentsAsync(key));
    }

    [Fact]
    public async Task A_server_error_is_tried_again_after_the_retry_back_off_and_then_becomes_an_incident()
    {
        _stub.Json("/dienst", 503, """{ "fehler": "Wartung" }""");
        await DeployAsync(Rest("rest", Get("dienst") + Input("queryParameters", "={ kennung: \"{{secrets.API_KEY}}\" }"),
            Header("retryBackoff", "PT30S"), retries: 2));

        var key = await EngineApp.StartAsync(_admin, "abfrage");
        await _app.Signals.CommittedAsync("fail-job", 1);

        await using (var context = _app.Services.GetRequiredService<EngineDatabase>().CreateContext())
        {
            var job = await context.Jobs.SingleAsync(j => j.ProcessInstanceKey == long.Parse(key, System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal((JobStates.Failed, 1, (DateTimeOffset?)(_clock.GetUtcNow() + TimeSpan.FromSeconds(30))), (job.State, job.Retries, job.DeadlineAt));
        }

        Assert.Single(_stub.Requests);
        Assert.Empty(await IncidentsAsync(key));

        _clock.Advance(TimeSpan.FromSeconds(30.001));
        await _app.Signals.CommittedAsync("fail-job", 2);

        Assert.Equal(2, _stub.Requests.Count);
        var message = Assert.Single(await IncidentsAsync(key))!["errorMessage"]!.GetValue<string>();
        Assert.Contains($"GET {_stub.BaseAddress}dienst answered 503", message, StringComparison.Ordinal);
        Assert.DoesNotContain("kennung", message, StringComparison.Ordinal);
        Assert.DoesNotContain(ApiKey, message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_call_without_an_answer_fails_after_the_read_timeout_instead_of_hanging()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _stub.On("/langsam", async (context, _) => await release.Task.WaitAsync(context.RequestAborted));
        await DeployAsync(Rest("rest", Get("langsam") + Input("readTimeoutInSeconds", "5"), retries: 1));
        try
        {
            var key = await EngineApp.StartAsync(_admin, "abfrage");
            await _stub.ReceivedAsync(1);

            _clock.Advance(TimeSpan.FromSeconds(5));
            await _app.Signals.CommittedAsync("fail-job", 1);

            var message = Assert.Single(await IncidentsAsync(key))!["errorMessage"]!.GetValue<string>();
            Assert.Contains("no complete answer within 5 s", message, StringComparison.Ordinal);
        }
        finally
        {
            release.TrySetResult();
        }
    }

    [Fact]
    public async Task Redirects_are_followed_to_the_same_host_only()
    {
        _stub.On("/alt", (context, _) => Redirect(context, "/neu"));
        _stub.On("/weg", (context, _) => Redirect(context, $"http://localhost:{_stub.Port}/neu"));
        _stub.Json("/neu", 200, """{ "angekommen": true }""");
        await DeployAsync(Rest("rest", Input("method", "GET") + Input("url", "=adresse") + Input("followRedirects", "true"),
            Header("resultExpression", "={ angekommen: response.body.angekommen }"), retries: 1));

        var same = await EngineApp.StartAsync(_admin, "abfrage", new { adresse = $"{_stub.BaseAddress}alt" });
        Assert.Equal(InstanceStatus.Completed, await _app.Signals.EndedAsync(same));
        Assert.True((await EngineApp.InstanceAsync(_admin, same))["variables"]!["angekommen"]!.GetValue<bool>());

        var other = await EngineApp.StartAsync(_admin, "abfrage", new { adresse = $"{_stub.BaseAddress}weg" });
        await _app.Signals.CommittedAsync("fail-job", 1);

        var message = Assert.Single(await IncidentsAsync(other))!["errorMessage"]!.GetValue<string>();
        Assert.Contains("redirected to 'localhost'", message, StringComparison.Ordinal);
        Assert.Equal(["/alt", "/neu", "/weg"], _stub.Requests.Select(r => r.Path));
    }

    [Fact]
    public async Task Secrets_reach_the_server_but_nothing_the_engine_records()
    {
        // The server echoes what it received, secrets included, as some do in their answers and error messages.
        _stub.On("/echo", async (context, request) =>
        {
            context.Response.StatusCode = request.Query.Contains("fehler", StringComparison.Ordinal) ? 500 : 200;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(new JsonObject
            {
                ["authorization"] = request.Headers["Authorization"],
                ["anfrage"] = request.Query,
                [ApiKey] = "als Name",
            }.ToJsonString());
        });
        var inputs = Input("method", "GET") + Input("url", "=adresse") + Auth("bearer") + Input("authentication.token", "{{secrets.MELDEREGISTER_TOKEN}}")
            + Input("queryParameters", "={ key: \"{{secrets.API_KEY}}\" }");
        await DeployAsync(Rest("rest", inputs, Header("resultVariable", "antwort")
            + Header("errorExpression", "=if error.code = \"500\" then jobError(error.message + string(error.variables)) else null"), retries: 1));

        var answered = await EngineApp.StartAsync(_admin, "abfrage", new { adresse = $"{_stub.BaseAddress}echo" });
        Assert.Equal(InstanceStatus.Completed, await _app.Signals.EndedAsync(answered));
        var failed = await EngineApp.StartAsync(_admin, "abfrage", new { adresse = $"{_stub.BaseAddress}echo?fehler=1" });
        await _app.Signals.CommittedAsync("fail-job", 1);

        Assert.All(_stub.Requests, r => Assert.Equal("Bearer " + Token, r.Headers["Authorization"]));
        var antwort = (await EngineApp.InstanceAsync(_admin, answered))["variables"]!["antwort"]!;
        Assert.Equal("Bearer ****", antwort["body"]!["authorization"]!.GetValue<string>());
        Assert.Equal("?key=****", antwort["body"]!["anfrage"]!.GetValue<string>());
        Assert.Contains("****", Assert.Single(await IncidentsAsync(failed))!["errorMessage"]!.GetValue<string>(), StringComparison.Ordinal);

        var recorded = new StringBuilder();
        await using (var context = _app.Services.GetRequiredService<EngineDatabase>().CreateContext())
        {
            foreach (var state in await context.ProcessInstances.Select(i => i.State).ToListAsync())
            {
                recorded.AppendLine(Encoding.UTF8.GetString(state));
            }

            recorded.AppendJoin('\n', await context.Journal.Select(j => j.Events).ToListAsync());
            recorded.AppendJoin('\n', await context.Incidents.Select(i => i.Message).ToListAsync());
            recorded.AppendJoin('\n', await context.Jobs.Select(j => j.ErrorMessage + j.CustomHeaders).ToListAsync());
        }

        recorded.AppendJoin('\n', _app.Log.Lines);
        var text = recorded.ToString();
        Assert.Contains("{{secrets.MELDEREGISTER_TOKEN}}", text, StringComparison.Ordinal);
        foreach (var secret in new[] { Token, ApiKey })
        {
            Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_secret_placeholder_that_comes_from_a_variable_is_not_resolved_and_nothing_is_sent()
    {
        _stub.Json("/echo", 200, "{}");
        await DeployAsync(Rest("rest", Input("method", "GET") + Input("url", "=adresse"), retries: 1));

        var key = await EngineApp.StartAsync(_admin, "abfrage", new { adresse = $"{_stub.BaseAddress}echo?k={{{{secrets.API_KEY}}}}" });
        await _app.Signals.CommittedAsync("fail-job", 1);

        var message = Assert.Single(await IncidentsAsync(key))!["errorMessage"]!.GetValue<string>();
        Assert.Contains("{{secrets.API_KEY}}, which the model does not write there", message, StringComparison.Ordinal);
        Assert.Empty(_stub.Requests);
    }

    private static Task Redirect(HttpContext context, string location)
    {
        context.Response.StatusCode = StatusCodes.Status302Found;
        context.Response.Headers.Location = location;
        return Task.CompletedTask;
    }

    private async Task<JsonArray> IncidentsAsync(string instanceKey) =>
        (await EngineApp.JsonAsync(await _admin.PostAsJsonAsync("/v2/incidents/search", new { filter = new { processInstanceKey = instanceKey } })))["items"]!.AsArray();

    private async Task DeployAsync(params string[] tasks) => await DeployAsync(tasks, "");

    private async Task DeployAsync(string task, string extra) => await DeployAsync([task], extra);

    /// <summary>Deploys "abfrage": start → the tasks in order → end, with <paramref name="extra"/> elements beside them.</summary>
    private async Task DeployAsync(string[] tasks, string extra)
    {
        var ids = tasks.Select(t => t.Split('"')[1]).ToList();
        var flows = string.Join('\n', ids.Zip(ids.Skip(1).Append("ende"), (from, to) => $"""<bpmn:sequenceFlow id="nach-{from}" sourceRef="{from}" targetRef="{to}" />"""));
        var model = RoutingModels.Head + $"""
              <bpmn:error id="unbekannt" errorCode="NICHT_GEFUNDEN" />
              <bpmn:process id="abfrage" isExecutable="true">
                <bpmn:startEvent id="start" />
                <bpmn:sequenceFlow id="f0" sourceRef="start" targetRef="{ids[0]}" />
                {string.Join('\n', tasks)}
                {flows}
                <bpmn:endEvent id="ende" />
                {extra}
              </bpmn:process>
            </bpmn:definitions>
            """;
        await EngineApp.JsonAsync(await EngineApp.DeployAsync(_admin, ("abfrage.bpmn", model)));
    }

    private string Get(string path) => Input("method", "GET") + Input("url", $"{_stub.BaseAddress}{path}");

    private static string Auth(string type) => Input("authentication.type", type);

    private static string Rest(string id, string inputs, string headers = "", int retries = 3) => $"""
        <bpmn:serviceTask id="{id}">
          <bpmn:extensionElements>
            <zeebe:taskDefinition type="io.camunda:http-json:1" retries="{retries}" />
            <zeebe:ioMapping>{inputs}</zeebe:ioMapping>
            <zeebe:taskHeaders>{headers}</zeebe:taskHeaders>
          </bpmn:extensionElements>
        </bpmn:serviceTask>
        """;

    private static string Input(string target, string source) => $"""<zeebe:input source="{SecurityElement.Escape(source)}" target="{target}" />""";

    private static string Header(string key, string value) => $"""<zeebe:header key="{key}" value="{SecurityElement.Escape(value)}" />""";
}

public sealed class SqliteRestConnectorTests : RestConnectorTests
{
    protected override bool Postgres => false;
}

public sealed class PostgresRestConnectorTests : RestConnectorTests
{
    protected override bool Postgres => true;
}
