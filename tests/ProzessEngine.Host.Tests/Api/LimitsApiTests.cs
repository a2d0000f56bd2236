using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Time.Testing;
using ProzessEngine.Host.Setup;
using ProzessEngine.Host.Tests.Infrastructure;
using ProzessEngine.Testing.Models;

namespace ProzessEngine.Host.Tests.Api;

/// <summary>Engine:Limits as configured reach the runtime; what breaks them is an incident, a 400 naming the field, or a refused start.</summary>
public sealed class LimitsApiTests : IAsyncLifetime
{
    private readonly EngineApp _app = new(new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero)), settings: new Dictionary<string, string>
    {
        ["Engine:Limits:MaxActivationsPerCommand"] = "10",
        ["Engine:Limits:MaxMultiInstanceItems"] = "60",
        ["Engine:Limits:MaxVariablesBytes"] = "1000",
    });

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        _app.DeleteDatabaseFile();
    }

    [Fact]
    public async Task A_multi_instance_runs_in_commands_of_the_configured_size_and_one_over_the_item_limit_gets_an_incident()
    {
        var admin = _app.Admin();
        await EngineApp.JsonAsync(await EngineApp.DeployAsync(admin, ("viele.bpmn", RunawayModels.MultiInstance("viele", sequential: false))));

        var done = await EngineApp.StartAsync(admin, "viele", new { count = 50 });
        var tooMany = await EngineApp.StartAsync(admin, "viele", new { count = 61 });

        Assert.Equal("COMPLETED", (await EngineApp.InstanceAsync(admin, done))["state"]!.GetValue<string>());
        var journal = (await admin.GetFromJsonAsync<System.Text.Json.Nodes.JsonArray>($"/v2/process-instances/{done}/journal"))!;
        Assert.True(journal.Count(e => e!["command"]!.GetValue<string>() == "continue-instance") >= 5);
        var incidents = (await EngineApp.JsonAsync(await admin.PostAsJsonAsync("/v2/incidents/search", new { filter = new { processInstanceKey = tooMany } })))["items"]!.AsArray();
        var incident = Assert.Single(incidents)!;
        Assert.Equal("LimitExceeded", incident["errorType"]!.GetValue<string>());
        Assert.Contains("Engine:Limits:MaxMultiInstanceItems (60)", incident["errorMessage"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_variable_larger_than_the_limit_is_refused_naming_it_for_a_start_and_for_a_message()
    {
        var admin = _app.Admin();
        await EngineApp.JsonAsync(await EngineApp.DeployAsync(admin, ("warten.bpmn", RunawayModels.Waiting("warten"))));
        var large = new string('x', 2_000);

        var start = await EngineApp.ProblemAsync(await admin.PostAsJsonAsync("/v2/process-instances",
            new { processDefinitionId = "warten", variables = new { anlage = large } }), 400);
        var message = await EngineApp.ProblemAsync(await admin.PostAsJsonAsync("/v2/messages/publication",
            new { name = "m", correlationKey = "k", variables = new { anlage = large } }), 400);

        Assert.Contains("Engine:Limits:MaxVariablesBytes", start["errors"]!["variables.anlage"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.NotNull(message["errors"]!["variables.anlage"]);
    }

    [Fact]
    public async Task A_model_with_a_loop_that_never_waits_is_refused_naming_the_loop()
    {
        var problem = await EngineApp.ProblemAsync(await EngineApp.DeployAsync(_app.Admin(),
            ("endlos.bpmn", RunawayModels.ScriptLoop("endlos", "true"))), 400);

        Assert.Contains("count > more > count", System.Text.RegularExpressions.Regex.Unescape(problem["errors"]!.ToJsonString()), StringComparison.Ordinal);
    }

    [Fact]
    public void A_limit_configured_as_zero_stops_the_start_naming_the_setting()
    {
        // Checked while the host is built; Program.cs prints the message as one line and exits with 1.
        var builder = WebApplication.CreateBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Engine:Limits:MaxActivationsWithoutWait"] = "0" });

        var failure = Assert.Throws<EngineConfigurationException>(() => builder.AddProzessEngine());

        Assert.Contains("Engine:Limits:MaxActivationsWithoutWait", failure.Message, StringComparison.Ordinal);
    }
}
