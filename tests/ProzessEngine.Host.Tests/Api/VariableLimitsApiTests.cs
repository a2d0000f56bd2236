using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Time.Testing;
using ProzessEngine.Host.Setup;
using ProzessEngine.Host.Tests.Infrastructure;
using ProzessEngine.Testing.Models;

namespace ProzessEngine.Host.Tests.Api;

/// <summary>
/// The penetration test sent a 9.8 MB array as a start variable: the configured 1 MB limit was checked only after the
/// array had become FEEL values, 440 MB per request. Variables are now measured on the request's bytes (size and
/// nesting) and refused naming the variable and the setting on every path that takes them, and a JSON body is held to
/// Engine:Limits:MaxJsonRequestBytes before it is read.
/// </summary>
public sealed class VariableLimitsApiTests : IAsyncLifetime
{
    private readonly EngineApp _app = new(new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero)));

    public async Task InitializeAsync()
    {
        await EngineApp.JsonAsync(await EngineApp.DeployAsync(_app.Admin(), ("warten.bpmn", RunawayModels.Waiting("warten")),
            ("dienst.bpmn", ServiceTask), ("nachreichung.bpmn", RoutingModels.WaitForDocuments)));
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        _app.DeleteDatabaseFile();
    }

    private const string ServiceTask = """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"
                          id="d" targetNamespace="http://bpmn.io/schema/bpmn">
          <bpmn:process id="dienst" isExecutable="true">
            <bpmn:startEvent id="start" />
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="abruf" />
            <bpmn:serviceTask id="abruf">
              <bpmn:extensionElements><zeebe:taskDefinition type="register-abruf" /></bpmn:extensionElements>
            </bpmn:serviceTask>
            <bpmn:sequenceFlow id="f2" sourceRef="abruf" targetRef="end" />
            <bpmn:endEvent id="end" />
          </bpmn:process>
        </bpmn:definitions>
        """;

    /// <summary>A list of small numbers: the JSON that costs most as FEEL values, per byte.</summary>
    private static string NumberList(int bytes) => "[" + string.Join(",", Enumerable.Repeat("1", bytes / 2)) + "]";

    private static string Nested(int levels) => new StringBuilder().Insert(0, "{\"a\":", levels).Append('1').Append('}', levels).ToString();

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    [Fact]
    public async Task A_start_with_a_9_8_MB_array_is_refused_before_the_body_is_read()
    {
        var admin = _app.Admin();
        var body = $$"""{ "processDefinitionId": "warten", "variables": { "liste": {{NumberList(9_800_000)}} } }""";
        var before = GC.GetTotalAllocatedBytes(precise: true);

        var problem = await EngineApp.ProblemAsync(await admin.PostAsync("/v2/process-instances", Json(body)), 413);

        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        Assert.Contains("Engine:Limits:MaxJsonRequestBytes (4,194,304 bytes)", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.True(allocated < 40_000_000, $"allocated {allocated:N0} bytes (main: 440 MB)");
    }

    [Fact]
    public async Task A_start_with_a_variable_over_the_limit_is_refused_naming_it_before_it_becomes_feel_values()
    {
        var admin = _app.Admin();
        var body = $$"""{ "processDefinitionId": "warten", "variables": { "klein": 1, "liste": {{NumberList(3_500_000)}} } }""";
        var before = GC.GetTotalAllocatedBytes(precise: true);

        var problem = await EngineApp.ProblemAsync(await admin.PostAsync("/v2/process-instances", Json(body)), 400);

        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        Assert.Contains("Engine:Limits:MaxVariablesBytes (1,048,576 bytes as JSON)", problem["errors"]!["variables.liste"]![0]!.GetValue<string>(),
            StringComparison.Ordinal);
        Assert.Null(problem["errors"]!["variables.klein"]);
        // The body's bytes and their index (about 85 MB), not 1.75 million FEEL numbers measured as JSON (over 600 MB before).
        Assert.True(allocated < 150_000_000, $"allocated {allocated:N0} bytes");
    }

    [Fact]
    public async Task A_body_sent_without_a_length_is_cut_off_at_the_limit()
    {
        var body = $$"""{ "processDefinitionId": "warten", "variables": { "liste": {{NumberList(6_000_000)}} } }""";
        using var content = new StreamContent(new NoLengthStream(Encoding.UTF8.GetBytes(body)));
        content.Headers.ContentType = new("application/json");

        var response = await _app.Admin().PostAsync("/v2/process-instances", content);

        var problem = await EngineApp.ProblemAsync(response, 413);
        Assert.Contains("Engine:Limits:MaxJsonRequestBytes", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(33)]
    [InlineData(50)]
    [InlineData(10_000)]
    public async Task A_variable_nested_deeper_than_the_limit_is_refused_naming_the_setting(int levels)
    {
        var body = $$"""{ "processDefinitionId": "warten", "variables": { "tief": {{Nested(levels)}} } }""";

        var problem = await EngineApp.ProblemAsync(await _app.Admin().PostAsync("/v2/process-instances", Json(body)), 400);

        Assert.True(problem.ToJsonString().Contains("Engine:Limits:MaxVariablesDepth", StringComparison.Ordinal), problem.ToJsonString());
        Assert.StartsWith("variables", Assert.Single(problem["errors"]!.AsObject()).Key, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_variable_nested_to_the_limit_is_kept_and_its_instance_stays_readable()
    {
        var admin = _app.Admin();
        var body = $$"""{ "processDefinitionId": "nachreichung", "variables": { "antragId": "a-1", "tief": {{Nested(32)}} } }""";
        var start = await EngineApp.JsonAsync(await admin.PostAsync("/v2/process-instances", Json(body)));
        var key = start["processInstanceKey"]!.GetValue<string>();

        // The message's variables wait on the catch event's element inside the state, a few levels below its top.
        var correlated = await admin.PostAsync("/v2/messages/correlation",
            Json($$"""{ "name": "Unterlagen eingegangen", "correlationKey": "a-1", "variables": { "nachweis": {{Nested(32)}} } }"""));

        Assert.Equal(HttpStatusCode.OK, correlated.StatusCode);
        Assert.Equal("COMPLETED", (await EngineApp.InstanceAsync(admin, key))["state"]!.GetValue<string>());
    }

    public static TheoryData<string, string> PathsTakingVariables => new()
    {
        { "/v2/process-instances", """{ "processDefinitionId": "warten", "variables": { "x": VALUE } }""" },
        { "/v2/messages/publication", """{ "name": "m", "correlationKey": "k", "variables": { "x": VALUE } }""" },
        { "/v2/messages/correlation", """{ "name": "m", "correlationKey": "k", "variables": { "x": VALUE } }""" },
        { "/v2/signals/broadcast", """{ "signalName": "s", "variables": { "x": VALUE } }""" },
        { "/v2/conditionals/evaluation", """{ "variables": { "x": VALUE } }""" },
    };

    [Theory]
    [MemberData(nameof(PathsTakingVariables))]
    public async Task Every_path_that_takes_variables_refuses_an_oversize_one_naming_it(string path, string template)
    {
        var problem = await EngineApp.ProblemAsync(await _app.Admin().PostAsync(path, Json(template.Replace("VALUE", NumberList(1_200_000), StringComparison.Ordinal))), 400);

        Assert.Contains("Engine:Limits:MaxVariablesBytes", problem["errors"]!["variables.x"]![0]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Task_and_job_completions_and_set_variables_refuse_an_oversize_variable_naming_it()
    {
        var admin = _app.Admin();
        var waiting = await EngineApp.StartAsync(admin, "warten");
        var task = Assert.Single(await EngineApp.TasksAsync(admin, new { processInstanceKey = waiting }))!["userTaskKey"]!.GetValue<string>();
        await EngineApp.StartAsync(admin, "dienst");
        var jobs = await EngineApp.JsonAsync(await admin.PostAsJsonAsync("/v2/jobs/activation", new { type = "register-abruf", timeout = 60_000, maxJobsToActivate = 1 }));
        var job = Assert.Single(jobs["jobs"]!.AsArray())!["jobKey"]!.GetValue<string>();
        var large = $$"""{ "variables": { "x": {{NumberList(1_200_000)}} } }""";

        var problems = new List<JsonObject>
        {
            await EngineApp.ProblemAsync(await admin.PostAsync($"/v2/user-tasks/{task}/completion", Json(large)), 400),
            await EngineApp.ProblemAsync(await admin.PostAsync($"/v2/jobs/{job}/completion", Json(large)), 400),
            await EngineApp.ProblemAsync(await admin.PostAsync($"/v2/jobs/{job}/error",
                Json($$"""{ "errorCode": "E", "variables": { "x": {{NumberList(1_200_000)}} } }""")), 400),
            await EngineApp.ProblemAsync(await admin.PutAsync($"/v2/element-instances/{waiting}/variables", Json(large)), 400),
        };

        Assert.All(problems, p => Assert.Contains("Engine:Limits:MaxVariablesBytes", p["errors"]!["variables.x"]![0]!.GetValue<string>(),
            StringComparison.Ordinal));
        Assert.Equal("ACTIVE", (await EngineApp.InstanceAsync(admin, waiting))["state"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("Engine:Limits:MaxJsonRequestBytes", "0")]
    [InlineData("Engine:Limits:MaxVariablesDepth", "0")]
    [InlineData("Engine:Limits:MaxVariablesDepth", "201")]
    public void A_request_limit_configured_out_of_range_stops_the_start_naming_the_setting(string setting, string value)
    {
        // Checked while the host is built; Program.cs prints the message as one line and exits with 1.
        var builder = WebApplication.CreateBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { [setting] = value });

        var failure = Assert.Throws<EngineConfigurationException>(() => builder.AddProzessEngine());

        Assert.Contains(setting, failure.Message, StringComparison.Ordinal);
    }

    /// <summary>A request body of unknown length, as chunked transfer sends it.</summary>
    private sealed class NoLengthStream(byte[] content) : MemoryStream(content)
    {
        public override bool CanSeek => false;

        public override long Length => throw new NotSupportedException();
    }
}

