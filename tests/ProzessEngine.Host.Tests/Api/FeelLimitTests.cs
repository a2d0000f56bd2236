using System.Net.Http.Json;
using System.Security;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using ProzessEngine.Host.Tests.Infrastructure;

namespace ProzessEngine.Host.Tests.Api;

/// <summary>
/// Through HTTP as the penetration test did: a model whose FEEL builds a huge value costs its instance an incident
/// naming the limit, behind a timer too, and the host keeps serving; a number FEEL cannot keep exactly is a 400.
/// </summary>
public sealed class FeelLimitTests
{
    /// <summary>The penetration test's script: a list of 200 references to one string of 8 million characters.</summary>
    private const string PenetrationTestScript =
        "={k: \"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\", "
        + "m: string join(for i in 1..1000 return k), s: string join(for i in 1..80 return m), r: for i in 1..200 return s}.r";

    private static FakeTimeProvider NewClock() => new(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero));

    private static string Model(string script, bool behindTimer, string timer = "PT1M") => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"
            id="d" targetNamespace="http://bpmn.io/schema/bpmn">
          <bpmn:process id="gross" isExecutable="true">
            <bpmn:startEvent id="start" />
            {(behindTimer ? Timer.Replace("PT1M", SecurityElement.Escape(timer), StringComparison.Ordinal) : """<bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="bauen" />""")}
            <bpmn:scriptTask id="bauen">
              <bpmn:extensionElements><zeebe:script expression="{SecurityElement.Escape(script)}" resultVariable="r" /></bpmn:extensionElements>
            </bpmn:scriptTask>
            <bpmn:sequenceFlow id="f3" sourceRef="bauen" targetRef="end" />
            <bpmn:endEvent id="end" />
          </bpmn:process>
        </bpmn:definitions>
        """;

    private const string Timer = """
        <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="warten" />
        <bpmn:intermediateCatchEvent id="warten">
          <bpmn:timerEventDefinition><bpmn:timeDuration>PT1M</bpmn:timeDuration></bpmn:timerEventDefinition>
        </bpmn:intermediateCatchEvent>
        <bpmn:sequenceFlow id="f2" sourceRef="warten" targetRef="bauen" />
        """;

    private static async Task<JsonArray> IncidentsAsync(HttpClient client, string instanceKey)
    {
        var found = await EngineApp.JsonAsync(await client.PostAsJsonAsync("/v2/incidents/search", new { filter = new { processInstanceKey = instanceKey } }));
        return found["items"]!.AsArray();
    }

    [Fact]
    public async Task The_penetration_tests_model_behind_a_timer_raises_one_incident_instead_of_retrying_forever()
    {
        await using var app = new EngineApp(NewClock());
        var admin = app.Admin();
        await EngineApp.JsonAsync(await EngineApp.DeployAsync(admin, ("gross.bpmn", Model(PenetrationTestScript, behindTimer: true))));
        var key = await EngineApp.StartAsync(admin, "gross");

        app.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.True(await Eventually.HoldsAsync(async () => (await IncidentsAsync(admin, key)).Count > 0, TimeSpan.FromSeconds(30)));

        // Minutes later there is still exactly that one incident on the script task, and the instance waits in it.
        app.Clock.Advance(TimeSpan.FromMinutes(5));
        var incident = Assert.Single(await IncidentsAsync(admin, key))!;
        Assert.Equal("bauen", incident["elementId"]!.GetValue<string>());
        Assert.EndsWith("(MaxValueSize).", incident["errorMessage"]!.GetValue<string>(), StringComparison.Ordinal);
        var instance = await EngineApp.InstanceAsync(admin, key);
        Assert.Equal("ACTIVE", instance["state"]!.GetValue<string>());
        app.DeleteDatabaseFile();
    }

    [Fact]
    public async Task A_timer_whose_own_expression_exceeds_a_limit_is_an_incident_on_the_timer()
    {
        var duration = PenetrationTestScript.Replace(".r", ".s", StringComparison.Ordinal);
        await using var app = new EngineApp(NewClock());
        var admin = app.Admin();
        await EngineApp.JsonAsync(await EngineApp.DeployAsync(admin, ("gross.bpmn", Model("=1", behindTimer: true, timer: duration))));
        var key = await EngineApp.StartAsync(admin, "gross");

        var incident = Assert.Single(await IncidentsAsync(admin, key))!;
        Assert.Equal("warten", incident["elementId"]!.GetValue<string>());
        Assert.Contains("(MaxValueSize)", incident["errorMessage"]!.GetValue<string>(), StringComparison.Ordinal);
        app.DeleteDatabaseFile();
    }

    [Fact]
    public async Task Feel_limits_are_configured_under_engine_limits_feel()
    {
        // 3,000 characters are nothing by default; with Engine:Limits:Feel:MaxStringLength=2000 they are too many.
        const string script = "=string join(for i in 1..3000 return \"x\")";
        await using var app = new EngineApp(NewClock(), settings: new Dictionary<string, string> { ["Engine:Limits:Feel:MaxStringLength"] = "2000" });
        var admin = app.Admin();
        await EngineApp.JsonAsync(await EngineApp.DeployAsync(admin, ("gross.bpmn", Model(script, behindTimer: false))));
        var key = await EngineApp.StartAsync(admin, "gross");

        var incident = Assert.Single(await IncidentsAsync(admin, key))!;
        Assert.Contains("longer than 2000 (MaxStringLength)", incident["errorMessage"]!.GetValue<string>(), StringComparison.Ordinal);
        app.DeleteDatabaseFile();
    }

    [Theory]
    [InlineData("""{ "x": 1e999999999 }""", "variables.x", "is out of the range of FEEL numbers")]
    [InlineData("""{ "betraege": [1, 12345678901234567890123456789012345] }""", "variables.betraege[1]", "has more than 34 significant digits")]
    public async Task A_number_feel_cannot_keep_exactly_is_a_400_naming_the_variable(string variables, string field, string reason)
    {
        // Before, the first was stored as null and the second rounded, both without a word.
        await using var app = new EngineApp(NewClock());
        var admin = app.Admin();
        await EngineApp.JsonAsync(await EngineApp.DeployAsync(admin, ("gross.bpmn", Model("=1", behindTimer: true))));

        using var body = new StringContent($$"""{ "processDefinitionId": "gross", "variables": {{variables}} }""", Encoding.UTF8, "application/json");
        var problem = await EngineApp.ProblemAsync(await admin.PostAsync("/v2/process-instances", body), 400);

        var messages = problem["errors"]?[field]?.AsArray();
        Assert.True(messages is not null, $"The problem does not name '{field}': {problem.ToJsonString()}");
        Assert.Contains(reason, messages[0]!.GetValue<string>(), StringComparison.Ordinal);
        app.DeleteDatabaseFile();
    }
}
