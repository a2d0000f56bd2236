using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using ProzessEngine.Host.Tests.Infrastructure;
using ProzessEngine.Testing.Models;

namespace ProzessEngine.Host.Tests.Api;

/// <summary>
/// As the penetration test tried it through the API: a process that calls itself, and a signal start event that throws
/// its own signal, ran without end and cancelling the root did not stop them. Now Engine:Limits:MaxCallDepth stops both
/// with an incident naming the limit, cancelling the root cancels every instance it called, and the signals of one
/// command reach at most Engine:Limits:MaxSignalDeliveriesPerCommand receivers. Run on SQLite and PostgreSQL.
/// </summary>
public abstract class InstanceChainApiTests : IAsyncLifetime
{
    private AppOnDatabase _host = null!;

    protected abstract bool Postgres { get; }

    public async Task InitializeAsync()
    {
        _host = await AppOnDatabase.StartAsync(Postgres, GetType().Name, new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero)),
            new Dictionary<string, string>
            {
                ["Engine:Limits:MaxCallDepth"] = "5",
                ["Engine:Limits:MaxSignalDeliveriesPerCommand"] = "3",
            });
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private EngineApp App => _host.App;

    [Fact]
    public async Task A_process_that_calls_itself_stops_at_the_depth_limit_and_cancelling_the_root_cancels_every_instance_it_called()
    {
        var admin = App.Admin();
        await EngineApp.JsonAsync(await EngineApp.DeployAsync(admin, ("rekursion.bpmn", ChainModels.CallsItself("rekursion"))));

        var root = await EngineApp.StartAsync(App.System(), "rekursion");

        var instances = await InstancesAsync("rekursion");
        Assert.Equal(6, instances.Count);
        Assert.All(instances, i => Assert.Equal("ACTIVE", i["state"]!.GetValue<string>()));
        var incident = Assert.Single(await IncidentsAsync())!;
        Assert.Equal("LimitExceeded", incident["errorType"]!.GetValue<string>());
        Assert.Equal("selbst", incident["elementId"]!.GetValue<string>());
        Assert.Contains("Engine:Limits:MaxCallDepth (5)", incident["errorMessage"]!.GetValue<string>(), StringComparison.Ordinal);

        var cancelled = await admin.PostAsync($"/v2/process-instances/{root}/cancellation", null);

        Assert.True(cancelled.IsSuccessStatusCode, await cancelled.Content.ReadAsStringAsync());
        Assert.All(await InstancesAsync("rekursion"), i => Assert.Equal("TERMINATED", i["state"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_signal_start_event_that_throws_its_own_signal_stops_at_the_depth_limit_with_an_incident()
    {
        var admin = App.Admin();
        await EngineApp.JsonAsync(await EngineApp.DeployAsync(admin, ("weitersagen.bpmn", ChainModels.SignalsItself("weitersagen", "Weitersagen"))));

        await EngineApp.JsonAsync(await App.System().PostAsJsonAsync("/v2/signals/broadcast", new { signalName = "Weitersagen" }));

        var instances = await InstancesAsync("weitersagen");
        Assert.Equal(6, instances.Count);
        Assert.Equal(5, instances.Count(i => i["state"]!.GetValue<string>() == "COMPLETED"));
        var incident = Assert.Single(await IncidentsAsync())!;
        Assert.Equal("weitersagen", incident["elementId"]!.GetValue<string>());
        Assert.Contains("Engine:Limits:MaxCallDepth (5)", incident["errorMessage"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_signal_that_would_reach_more_receivers_than_the_limit_is_an_incident_when_thrown_and_a_409_when_broadcast()
    {
        var admin = App.Admin();
        await EngineApp.JsonAsync(await EngineApp.DeployAsync(admin, ("wartet.bpmn", ChainModels.WaitsForSignal("wartet", "Stichtag")),
            ("ruft.bpmn", ChainModels.ThrowsSignalTwice("ruft", "Stichtag"))));
        for (var i = 0; i < 4; i++)
        {
            await EngineApp.StartAsync(admin, "wartet");
        }

        await EngineApp.StartAsync(admin, "ruft");
        var broadcast = await EngineApp.ProblemAsync(await admin.PostAsJsonAsync("/v2/signals/broadcast", new { signalName = "Stichtag" }), 409);

        var incident = Assert.Single(await IncidentsAsync())!;
        Assert.Equal("erstes", incident["elementId"]!.GetValue<string>());
        Assert.Contains("at least 4 receivers", incident["errorMessage"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("Engine:Limits:MaxSignalDeliveriesPerCommand (3)", incident["errorMessage"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("Engine:Limits:MaxSignalDeliveriesPerCommand (3)", broadcast["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.All(await InstancesAsync("wartet"), i => Assert.Equal("ACTIVE", i["state"]!.GetValue<string>()));
    }

    private async Task<List<JsonNode>> InstancesAsync(string processId)
    {
        var found = await EngineApp.JsonAsync(await App.Admin().PostAsJsonAsync("/v2/process-instances/search",
            new { filter = new { processDefinitionId = processId }, page = new { limit = 1000 } }));
        return [.. found["items"]!.AsArray().Select(i => i!)];
    }

    private async Task<JsonArray> IncidentsAsync() =>
        (await EngineApp.JsonAsync(await App.Admin().PostAsJsonAsync("/v2/incidents/search", new { filter = new { } })))["items"]!.AsArray();
}

public sealed class SqliteInstanceChainApiTests : InstanceChainApiTests
{
    protected override bool Postgres => false;
}

public sealed class PostgresInstanceChainApiTests : InstanceChainApiTests
{
    protected override bool Postgres => true;
}
