using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using ProzessEngine.Host.Tests.Infrastructure;
using ProzessEngine.Testing;
using Xunit.Abstractions;

namespace ProzessEngine.Host.Tests.Security;

/// <summary>
/// Penetration test, high: a system key of tenant Y completed, failed and threw errors on tenant X's jobs, an operator
/// of Y resolved X's incidents, and keys were sequential, so X's keys were a guess away from Y's own. Here the callers
/// of Y try every key of X they could get hold of (X's real keys of every kind, neighbours of their own keys, random
/// keys in the milliseconds X and Y made keys in, any keys) on every path that takes a key, and name X on every path
/// that takes a tenant. Each answer is a 403 or 404, never a success and never a 500; a real key of X is answered
/// exactly as a made-up one (nothing tells them apart); and X's instance, tasks, incidents and journal are unchanged.
/// </summary>
public sealed partial class TenantKeyFuzzTests(ITestOutputHelper output)
{
    private const string X = "stadt-x";
    private const string Y = "stadt-y";
    private const long LowBits = (1L << 22) - 1;

    public static TheoryData<string> Providers => ["Sqlite", "PostgreSQL"];

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Callers_of_another_tenant_are_refused_every_key_of_it_and_change_nothing(string provider)
    {
        var seed = Random.Shared.Next();
        output.WriteLine($"seed {seed.ToString(CultureInfo.InvariantCulture)}");
        await using var scenario = await Scenario.StartAsync(provider);
        var before = await scenario.SnapshotOfXAsync();
        var random = new Random(seed);
        var guesses = Guesses(random, scenario);
        output.WriteLine($"{scenario.KeysOfX.Count} keys of {X} and {guesses.Count} guessed keys on every path");
        var failures = new List<string>();
        foreach (var path in KeyPaths(scenario))
        {
            var offered = scenario.Offers(path.Route);
            var answers = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            foreach (var (key, origin) in scenario.KeysOfX.Select(k => (k.Key, $"{k.Name} of {X}")).Concat(guesses))
            {
                var caller = path.Callers[random.Next(path.Callers.Length)];
                var (status, answer) = await SendAsync(scenario.Caller(caller), path.Method, path.Url(key), path.Body?.Invoke(key));
                if (offered ? status is not (403 or 404) : status is not (404 or 405))
                {
                    failures.Add($"{caller}: {path.Method} {path.Url(key)} ({origin}) answered {status}: {answer}");
                }

                Add(answers, $"{status} {answer}", $"{origin} by {caller}");
            }

            if (answers.Count > 1)
            {
                // A real key answered otherwise than a made-up one would tell an attacker that it exists.
                failures.Add($"{path.Method} {path.Url(0)} answers differently by key: "
                    + string.Join(" | ", answers.Select(a => $"{a.Key} for {string.Join(", ", a.Value.Take(3))}")));
            }
        }

        foreach (var attempt in TenantPaths(scenario))
        {
            var (status, answer) = await SendAsync(scenario.Caller(attempt.Caller), attempt.Method, attempt.Url, attempt.Body);
            if (status != attempt.Expected)
            {
                failures.Add($"{attempt.Caller}: {attempt.Method} {attempt.Url} ({attempt.What}) answered {status}, expected {attempt.Expected}: {answer}");
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} attempts were not refused as they must be:\n" + string.Join('\n', failures.Take(40)));
        Assert.Equal(before, await scenario.SnapshotOfXAsync());
        await scenario.XCarriesOnAsync();
    }

    private static void Add(Dictionary<string, List<string>> answers, string answer, string origin)
    {
        if (!answers.TryGetValue(answer, out var origins))
        {
            answers[answer] = origins = [];
        }

        origins.Add(origin);
    }

    /// <summary>Keys an attacker in Y would try, none of them one of Y's own.</summary>
    private static List<(long Key, string Origin)> Guesses(Random random, Scenario scenario)
    {
        var guesses = new List<(long, string)>
        {
            (0, "zero"), (-1, "minus one"), (long.MaxValue, "the largest key"),
        };
        for (var i = 0; i < 3; i++)
        {
            // With sequential keys, these were the other tenant's.
            var own = scenario.KeysOfY[random.Next(scenario.KeysOfY.Count)];
            var step = random.Next(1, 16) * (random.Next(2) == 0 ? 1 : -1);
            guesses.Add((own.Key + step, $"{own.Name} of {Y} {step:+#;-#}"));
        }

        foreach (var (name, source) in new[] { ("in a millisecond of " + Y, scenario.KeysOfY), ("in a millisecond of " + X, scenario.KeysOfX) })
        {
            for (var i = 0; i < 3; i++)
            {
                var millisecond = source[random.Next(source.Count)].Key & ~LowBits;
                guesses.Add((millisecond | random.NextInt64(LowBits + 1), "a random key " + name));
            }
        }

        guesses.Add((random.NextInt64(1, long.MaxValue), "any random key"));

        var known = scenario.KeysOfX.Concat(scenario.KeysOfY).Select(k => k.Key).ToHashSet();
        return [.. guesses.Where(g => !known.Contains(g.Item1)).DistinctBy(g => g.Item1)];
    }

    /// <summary>Every path of the API that acts on (or shows) something by its key, with the callers of Y whose role it takes.</summary>
    private static IEnumerable<KeyPath> KeyPaths(Scenario s)
    {
        string[] workers = ["system-y", "admin-y"];
        string[] operators = ["operator-y", "admin-y"];
        var injected = new { betrag = 1_000_000, freigabe = true };

        // Jobs.
        yield return new("POST /v2/jobs/{key:long}/completion", "POST", k => $"/v2/jobs/{k}/completion", workers, _ => new { variables = injected });
        yield return new("POST /v2/jobs/{key:long}/failure", "POST", k => $"/v2/jobs/{k}/failure", workers, _ => new { retries = 0, errorMessage = "kaputt" });
        yield return new("POST /v2/jobs/{key:long}/error", "POST", k => $"/v2/jobs/{k}/error", workers,
            _ => new { errorCode = "abgelehnt", variables = injected });
        yield return new("PATCH /v2/jobs/{key:long}", "PATCH", k => $"/v2/jobs/{k}", workers, _ => new { changeset = new { retries = 5, timeout = 60_000 } });

        // Incidents, variables, cancellation, migration, modification, ad-hoc activation.
        yield return new("POST /v2/incidents/{key:long}/resolution", "POST", k => $"/v2/incidents/{k}/resolution", operators, null);
        yield return new("PUT /v2/element-instances/{key:long}/variables", "PUT", k => $"/v2/element-instances/{k}/variables", operators,
            _ => new { variables = injected });
        yield return new("PUT /v2/element-instances/{key:long}/variables", "PUT", k => $"/v2/element-instances/{k}/variables", operators,
            _ => new { variables = injected, local = true });
        yield return new("POST /v2/process-instances/{key:long}/cancellation", "POST", k => $"/v2/process-instances/{k}/cancellation", operators, null);
        yield return new("POST /v2/process-instances/{key:long}/migration", "POST", k => $"/v2/process-instances/{k}/migration", operators,
            _ => new { targetProcessDefinitionKey = s.KeyOfY("definition"), mappingInstructions = Array.Empty<object>() });
        yield return new("POST /v2/process-instances/{key:long}/modification", "POST", k => $"/v2/process-instances/{k}/modification", operators,
            _ => new { activateInstructions = new[] { new { elementId = "stellungnahme" } } });
        const string adHoc = "POST /v2/process-instances/{key:long}/ad-hoc-activities/{adHocSubProcessInstanceKey:long}/activation";
        var activation = new { elements = new[] { new { elementId = "stellungnahme" } } };
        yield return new(adHoc, "POST", k => $"/v2/process-instances/{k}/ad-hoc-activities/{s.KeyOfX("ad-hoc sub-process")}/activation", operators, _ => activation);
        yield return new(adHoc, "POST", k => $"/v2/process-instances/{s.KeyOfX("instance")}/ad-hoc-activities/{k}/activation", operators, _ => activation);
        // The instance is the caller's own: only the ad-hoc sub-process is another tenant's.
        yield return new(adHoc, "POST", k => $"/v2/process-instances/{s.KeyOfY("instance")}/ad-hoc-activities/{k}/activation", operators, _ => activation);

        // User tasks.
        yield return new("POST /v2/user-tasks/{key:long}/assignment", "POST", k => $"/v2/user-tasks/{k}/assignment", operators,
            _ => new { assignee = "mallory", allowOverride = true });
        yield return new("DELETE /v2/user-tasks/{key:long}/assignee", "DELETE", k => $"/v2/user-tasks/{k}/assignee", operators, null);
        yield return new("POST /v2/user-tasks/{key:long}/completion", "POST", k => $"/v2/user-tasks/{k}/completion", operators, _ => new { variables = injected });
        yield return new("PATCH /v2/user-tasks/{key:long}", "PATCH", k => $"/v2/user-tasks/{k}", operators,
            _ => new { changeset = new { candidateGroups = new[] { "mallory" }, priority = 99 } });

        // What shows a key's data: a key that answers here would be confirmed to exist.
        yield return new("GET /v2/process-instances/{key:long}", "GET", k => $"/v2/process-instances/{k}", operators, null);
        yield return new("GET /v2/process-instances/{key:long}/journal", "GET", k => $"/v2/process-instances/{k}/journal", operators, null);
        yield return new("POST /v2/process-instances/{key:long}/journal/verification", "POST", k => $"/v2/process-instances/{k}/journal/verification",
            operators, null);
        yield return new("GET /v2/process-instances/{key:long}/documents", "GET", k => $"/v2/process-instances/{k}/documents", operators, null);
        yield return new("GET /v2/process-instances/{key:long}/documents/{documentKey:long}", "GET", k => $"/v2/process-instances/{k}/documents/{k}", operators,
            null);
        yield return new("GET /v2/user-tasks/{key:long}", "GET", k => $"/v2/user-tasks/{k}", operators, null);
        yield return new("GET /v2/user-tasks/{key:long}/form", "GET", k => $"/v2/user-tasks/{k}/form", operators, null);
        yield return new("GET /v2/user-tasks/{key:long}/documents", "GET", k => $"/v2/user-tasks/{k}/documents", operators, null);
        yield return new("GET /v2/user-tasks/{key:long}/documents/{documentKey:long}", "GET", k => $"/v2/user-tasks/{k}/documents/{k}", operators, null);
        yield return new("POST /v2/user-tasks/{key:long}/variables/search", "POST", k => $"/v2/user-tasks/{k}/variables/search", operators, _ => new { });
        yield return new("GET /v2/process-definitions/{key:long}", "GET", k => $"/v2/process-definitions/{k}", operators, null);
        yield return new("GET /v2/process-definitions/{key:long}/xml", "GET", k => $"/v2/process-definitions/{k}/xml", operators, null);
        yield return new("GET /v2/forms/{key:long}", "GET", k => $"/v2/forms/{k}", operators, null);

        // Comments and substitutions.
        yield return new("POST /v2/user-tasks/{key:long}/comments", "POST", k => $"/v2/user-tasks/{k}/comments", operators, _ => new { text = "von Y" });
        yield return new("GET /v2/user-tasks/{key:long}/comments", "GET", k => $"/v2/user-tasks/{k}/comments", operators, null);
        yield return new("GET /v2/process-instances/{key:long}/comments", "GET", k => $"/v2/process-instances/{k}/comments", operators, null);
        yield return new("DELETE /v2/substitutions/{key:long}", "DELETE", k => $"/v2/substitutions/{k}", operators, null);
    }

    /// <summary>Paths that take a tenant or a definition: naming X is forbidden, X's definition is not found.</summary>
    private static IEnumerable<TenantPath> TenantPaths(Scenario s)
    {
        var message = new { name = Scenario.MessageName, correlationKey = Scenario.XFileNumber, variables = new { betrag = 1_000_000 } };
        foreach (var caller in new[] { "system-y", "admin-y" })
        {
            yield return new(caller, "POST", "/v2/messages/publication", new { message.name, message.correlationKey, message.variables, tenantId = X }, 403,
                "a message published in X");
            yield return new(caller, "POST", "/v2/messages/correlation", new { message.name, message.correlationKey, message.variables, tenantId = X }, 403,
                "a message correlated in X");
            yield return new(caller, "POST", "/v2/messages/correlation", message, 404, "X's correlation key in Y");
            yield return new(caller, "POST", "/v2/signals/broadcast", new { signalName = Scenario.SignalName, tenantId = X }, 403, "a signal broadcast in X");
            yield return new(caller, "POST", "/v2/jobs/activation", new { type = Scenario.JobType, maxJobsToActivate = 10, tenantIds = new[] { X } }, 403,
                "X's jobs");
            yield return new(caller, "POST", "/v2/process-instances", new { processDefinitionId = Scenario.ProcessId, tenantId = X }, 403, "an instance in X");
            yield return new(caller, "POST", "/v2/process-instances", new { processDefinitionKey = s.KeyOfX("definition").ToString(CultureInfo.InvariantCulture) },
                404, "an instance of X's definition");
            yield return new(caller, "POST", "/v2/conditionals/evaluation", new { variables = new { betrag = 1 }, tenantId = X }, 403, "conditions in X");
            yield return new(caller, "POST", "/v2/conditionals/evaluation",
                new { variables = new { betrag = 1 }, processDefinitionKey = s.KeyOfX("definition").ToString(CultureInfo.InvariantCulture) }, 404,
                "conditions of X's definition");
        }

        foreach (var caller in new[] { "operator-y", "admin-y" })
        {
            foreach (var search in new[] { "process-instances", "user-tasks", "incidents", "process-definitions" })
            {
                yield return new(caller, "POST", $"/v2/{search}/search", new { filter = new { tenantId = X } }, 403, $"{search} of X");
            }

            yield return new(caller, "GET", $"/v2/substitutions?tenantId={X}", null, 403, "substitutions of X");
            yield return new(caller, "POST", "/v2/substitutions", new { absentUserId = "erika-x", deputies = new[] { "mallory" }, to = "2099-01-01", tenantId = X },
                403, "a substitution in X");
        }

        yield return new("admin-y", "DEPLOY", "/v2/deployments", X, 403, "a deployment into X");
    }

    private static async Task<(int Status, string Answer)> SendAsync(HttpClient client, string method, string url, object? body)
    {
        HttpResponseMessage response;
        if (method == "DEPLOY")
        {
            using var form = new MultipartFormDataContent();
            var part = new ByteArrayContent(Encoding.UTF8.GetBytes(Scenario.Model));
            part.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/xml");
            form.Add(part, "resources", "gewerbe.bpmn");
            form.Add(new StringContent((string)body!), "tenantId");
            response = await client.PostAsync(url, form);
        }
        else
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), url);
            if (body is not null)
            {
                request.Content = JsonContent.Create(body);
            }

            response = await client.SendAsync(request);
        }

        var text = await response.Content.ReadAsStringAsync();
        // Keys appear in the answer; anything else that differs between keys would tell them apart.
        return ((int)response.StatusCode, Digits().Replace(text.Length == 0 ? "" : Describe(text), "#"));
    }

    private static string Describe(string text)
    {
        try
        {
            var problem = JsonNode.Parse(text) as JsonObject;
            return problem is null ? text : $"{problem["title"]}: {problem["detail"]}";
        }
        catch (System.Text.Json.JsonException)
        {
            return text;
        }
    }

    [GeneratedRegex("-?[0-9]+")]
    private static partial Regex Digits();

    private sealed record KeyPath(string Route, string Method, Func<long, string> Url, string[] Callers, Func<long, object>? Body);

    private sealed record TenantPath(string Caller, string Method, string Url, object? Body, int Expected, string What);

    /// <summary>
    /// One host with the municipalities X and Y, each with the same process deployed and one instance of it waiting at a
    /// user task, two jobs (one locked by X's worker, one failed back to open), an incident, an ad-hoc sub-process, a
    /// message and a signal, with variables. X also published a message nobody waits for and broadcast a signal.
    /// </summary>
    private sealed class Scenario : IAsyncDisposable
    {
        public const string ProcessId = "gewerbe";
        public const string JobType = "register-abfrage";
        public const string MessageName = "Nachweis eingegangen";
        public const string SignalName = "Frist verstrichen";
        public const string XFileNumber = "X-2026-1";

        public const string Model = """
            <?xml version="1.0" encoding="UTF-8"?>
            <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"
                              id="d" targetNamespace="http://bpmn.io/schema/bpmn">
              <bpmn:process id="gewerbe" isExecutable="true">
                <bpmn:startEvent id="eingang" />
                <bpmn:sequenceFlow id="s0" sourceRef="eingang" targetRef="aufteilen" />
                <bpmn:parallelGateway id="aufteilen" />
                <bpmn:sequenceFlow id="s1" sourceRef="aufteilen" targetRef="pruefen" />
                <bpmn:sequenceFlow id="s2" sourceRef="aufteilen" targetRef="register" />
                <bpmn:sequenceFlow id="s3" sourceRef="aufteilen" targetRef="archiv" />
                <bpmn:sequenceFlow id="s4" sourceRef="aufteilen" targetRef="gebuehr" />
                <bpmn:sequenceFlow id="s5" sourceRef="aufteilen" targetRef="anhoerung" />
                <bpmn:sequenceFlow id="s6" sourceRef="aufteilen" targetRef="nachweis" />
                <bpmn:sequenceFlow id="s7" sourceRef="aufteilen" targetRef="frist" />
                <bpmn:userTask id="pruefen">
                  <bpmn:extensionElements><zeebe:assignmentDefinition candidateGroups="gewerbeamt" /></bpmn:extensionElements>
                </bpmn:userTask>
                <bpmn:serviceTask id="register">
                  <bpmn:extensionElements><zeebe:taskDefinition type="register-abfrage" /></bpmn:extensionElements>
                </bpmn:serviceTask>
                <bpmn:serviceTask id="archiv">
                  <bpmn:extensionElements><zeebe:taskDefinition type="archivierung" /></bpmn:extensionElements>
                </bpmn:serviceTask>
                <bpmn:serviceTask id="gebuehr">
                  <bpmn:extensionElements>
                    <zeebe:taskDefinition type="kasse" />
                    <zeebe:ioMapping><zeebe:input source="=tarif.satz * betrag" target="summe" /></zeebe:ioMapping>
                  </bpmn:extensionElements>
                </bpmn:serviceTask>
                <bpmn:adHocSubProcess id="anhoerung">
                  <bpmn:userTask id="stellungnahme" />
                </bpmn:adHocSubProcess>
                <bpmn:intermediateCatchEvent id="nachweis"><bpmn:messageEventDefinition messageRef="m" /></bpmn:intermediateCatchEvent>
                <bpmn:intermediateCatchEvent id="frist"><bpmn:signalEventDefinition signalRef="sig" /></bpmn:intermediateCatchEvent>
                <bpmn:sequenceFlow id="e1" sourceRef="pruefen" targetRef="ende" />
                <bpmn:sequenceFlow id="e2" sourceRef="register" targetRef="ende" />
                <bpmn:sequenceFlow id="e3" sourceRef="archiv" targetRef="ende" />
                <bpmn:sequenceFlow id="e4" sourceRef="gebuehr" targetRef="ende" />
                <bpmn:sequenceFlow id="e5" sourceRef="anhoerung" targetRef="ende" />
                <bpmn:sequenceFlow id="e6" sourceRef="nachweis" targetRef="ende" />
                <bpmn:sequenceFlow id="e7" sourceRef="frist" targetRef="ende" />
                <bpmn:endEvent id="ende" />
              </bpmn:process>
              <bpmn:message id="m" name="Nachweis eingegangen">
                <bpmn:extensionElements><zeebe:subscription correlationKey="=aktenzeichen" /></bpmn:extensionElements>
              </bpmn:message>
              <bpmn:signal id="sig" name="Frist verstrichen" />
            </bpmn:definitions>
            """;

        private static readonly (string Key, string Role, string Tenant)[] ApiKeys =
        [
            ("admin-x", "admin", X), ("admin-y", "admin", Y), ("system-y", "system", Y), ("operator-y", "operator", Y),
        ];

        private readonly EngineApp _app;
        private readonly Func<Task> _dropDatabase;
        private readonly HashSet<string> _routes;
        private readonly Dictionary<string, HttpClient> _clients = new(StringComparer.Ordinal);

        private Scenario(EngineApp app, Func<Task> dropDatabase)
        {
            _app = app;
            _dropDatabase = dropDatabase;
            _routes = [.. app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
                .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Select(m => $"{m} {e.RoutePattern.RawText}"))];
        }

        public List<(long Key, string Name)> KeysOfX { get; } = [];

        public List<(long Key, string Name)> KeysOfY { get; } = [];

        private HttpClient AdminX => Caller("admin-x");

        public static async Task<Scenario> StartAsync(string provider)
        {
            var settings = new Dictionary<string, string>();
            for (var i = 0; i < ApiKeys.Length; i++)
            {
                var prefix = $"Engine:Auth:ApiKeys:{(i + 2).ToString(CultureInfo.InvariantCulture)}:";
                settings[prefix + "Key"] = ApiKeys[i].Key;
                settings[prefix + "Name"] = ApiKeys[i].Key;
                settings[prefix + "Roles:0"] = ApiKeys[i].Role;
                settings[prefix + "TenantId"] = ApiKeys[i].Tenant;
            }

            // A clock that stands still: X's and Y's keys share their milliseconds, as they would under load.
            var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 5, 9, 0, 0, TimeSpan.Zero));
            Scenario scenario;
            if (provider == "Sqlite")
            {
                var app = new EngineApp(clock, settings: settings);
                scenario = new Scenario(app, () =>
                {
                    app.DeleteDatabaseFile();
                    return Task.CompletedTask;
                });
            }
            else
            {
                var server = await PostgresServer.GetAsync();
                var database = await server.CreateDatabaseAsync("tenantfuzz");
                scenario = new Scenario(new EngineApp(clock, postgresConnectionString: database, settings: settings), () => server.DropDatabaseAsync(database));
            }

            await scenario.PrepareAsync(X, "admin-x", XFileNumber, scenario.KeysOfX);
            await scenario.PrepareAsync(Y, "admin-y", "Y-2026-1", scenario.KeysOfY);
            return scenario;
        }

        public HttpClient Caller(string apiKey)
        {
            if (!_clients.TryGetValue(apiKey, out var client))
            {
                _clients[apiKey] = client = _app.WithKey(apiKey);
            }

            return client;
        }

        public bool Offers(string route) => _routes.Contains(route);

        public long KeyOfX(string name) => KeysOfX.First(k => k.Name == name).Key;

        public long KeyOfY(string name) => KeysOfY.First(k => k.Name == name).Key;

        /// <summary>X's instance, journal, tasks, incidents and instances as X's administrator sees them.</summary>
        public async Task<string> SnapshotOfXAsync()
        {
            var instance = KeyOfX("instance");
            var parts = new List<string>
            {
                await AdminX.GetStringAsync($"/v2/process-instances/{instance}"),
                await AdminX.GetStringAsync($"/v2/process-instances/{instance}/journal"),
                await AdminX.GetStringAsync($"/v2/process-instances/{instance}/comments"),
                await AdminX.GetStringAsync("/v2/substitutions"),
            };
            foreach (var search in new[] { "process-instances", "user-tasks", "incidents" })
            {
                parts.Add((await EngineApp.JsonAsync(await AdminX.PostAsJsonAsync($"/v2/{search}/search", new { }))).ToJsonString());
            }

            return string.Join('\n', parts);
        }

        /// <summary>X's own callers still find everything where it was: the keys tried were real and alive.</summary>
        public async Task XCarriesOnAsync()
        {
            foreach (var (path, body) in new (string, object?)[]
            {
                ($"/v2/process-instances/{KeyOfX("instance")}/ad-hoc-activities/{KeyOfX("ad-hoc sub-process")}/activation",
                    new { elements = new[] { new { elementId = "stellungnahme" } } }),
                ($"/v2/jobs/{KeyOfX("locked job")}/completion", new { variables = new { registerAuszug = "ok" } }),
                ($"/v2/jobs/{KeyOfX("reopened job")}/failure", new { retries = 1, errorMessage = "noch einmal" }),
                ($"/v2/incidents/{KeyOfX("incident")}/resolution", null),
                ($"/v2/user-tasks/{KeyOfX("user task")}/completion", new { variables = new { geprueft = true } }),
            })
            {
                var response = await AdminX.PostAsJsonAsync(path, body);
                Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }

            var state = await EngineApp.InstanceAsync(AdminX, KeyOfX("instance").ToString(CultureInfo.InvariantCulture));
            Assert.Equal(100, state["variables"]!["betrag"]!.GetValue<int>());
            Assert.Equal("ok", state["variables"]!["registerAuszug"]!.GetValue<string>());
        }

        private async Task PrepareAsync(string tenant, string adminKey, string fileNumber, List<(long Key, string Name)> keys)
        {
            var admin = Caller(adminKey);
            using var form = new MultipartFormDataContent();
            var part = new ByteArrayContent(Encoding.UTF8.GetBytes(Model));
            part.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/xml");
            form.Add(part, "resources", "gewerbe.bpmn");
            var deployment = await EngineApp.JsonAsync(await admin.PostAsync("/v2/deployments", form));
            Add(keys, deployment["deploymentKey"], "deployment");
            Add(keys, deployment["deployments"]![0]!["processDefinition"]!["processDefinitionKey"], "definition");

            var started = await EngineApp.JsonAsync(await admin.PostAsJsonAsync("/v2/process-instances",
                new { processDefinitionId = ProcessId, variables = new { aktenzeichen = fileNumber, betrag = 100, tenant } }));
            Add(keys, started["processInstanceKey"], "instance");

            var locked = await ActivateAsync(admin, JobType);
            Add(keys, locked, "locked job");
            var reopened = await ActivateAsync(admin, "archivierung");
            Add(keys, reopened, "reopened job");
            var failed = await admin.PostAsJsonAsync($"/v2/jobs/{reopened}/failure", new { retries = 2, errorMessage = "später" });
            Assert.True(failed.IsSuccessStatusCode, await failed.Content.ReadAsStringAsync());

            var state = await EngineApp.InstanceAsync(admin, started["processInstanceKey"]!.GetValue<string>());
            foreach (var element in state["activeElements"]!.AsArray())
            {
                var id = element!["elementId"]!.GetValue<string>();
                Add(keys, element["elementInstanceKey"], id == "anhoerung" ? "ad-hoc sub-process" : $"element {id}");
            }

            Add(keys, Assert.Single(state["incidents"]!.AsArray())!["incidentKey"], "incident");
            Add(keys, (await EngineApp.TasksAsync(admin, new { processInstanceKey = started["processInstanceKey"]!.GetValue<string>() }))[0]!["userTaskKey"],
                "user task");
            var published = await EngineApp.JsonAsync(await admin.PostAsJsonAsync("/v2/messages/publication",
                new { name = "Niemand wartet", correlationKey = fileNumber }));
            Add(keys, published["messageKey"], "buffered message");
            var signal = await EngineApp.JsonAsync(await admin.PostAsJsonAsync("/v2/signals/broadcast", new { signalName = "Niemand hört zu" }));
            Add(keys, signal["signalKey"], "signal");
            var comment = await EngineApp.JsonAsync(await admin.PostAsJsonAsync($"/v2/user-tasks/{keys.Single(k => k.Name == "user task").Key}/comments",
                new { text = "Akte angefordert." }));
            Add(keys, comment["commentKey"], "comment");
            var substitution = await EngineApp.JsonAsync(await admin.PostAsJsonAsync("/v2/substitutions",
                new { absentUserId = $"erika-{tenant}", deputies = new[] { $"max-{tenant}" }, to = "2099-01-01" }));
            Add(keys, substitution["substitutionKey"], "substitution");
        }

        private static async Task<JsonNode> ActivateAsync(HttpClient admin, string type)
        {
            var jobs = (await EngineApp.JsonAsync(await admin.PostAsJsonAsync("/v2/jobs/activation", new { type, maxJobsToActivate = 1 })))["jobs"]!.AsArray();
            return Assert.Single(jobs)!["jobKey"]!;
        }

        private static void Add(List<(long Key, string Name)> keys, JsonNode? key, string name) =>
            keys.Add((long.Parse(key!.ToString(), CultureInfo.InvariantCulture), name));

        public async ValueTask DisposeAsync()
        {
            await _app.DisposeAsync();
            await _dropDatabase();
        }
    }
}
