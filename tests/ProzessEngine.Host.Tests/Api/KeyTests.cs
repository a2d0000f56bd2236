using System.Globalization;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using ProzessEngine.Host.Tests.Durability;
using ProzessEngine.Host.Tests.Infrastructure;
using ProzessEngine.Persistence;
using ProzessEngine.Testing;

namespace ProzessEngine.Host.Tests.Api;

/// <summary>
/// Penetration test, high: keys were sequential, so the keys of another tenant's jobs and incidents were one guess away
/// from the caller's own. Keys through the API do not follow from one another, and nodes sharing a database still
/// never make the same key.
/// </summary>
public sealed class KeyTests
{
    // A clock that stands still: every key of a test is made in the same millisecond (or the ones borrowed after it).
    private static FakeTimeProvider NewClock() => new(new DateTimeOffset(2026, 12, 5, 8, 0, 0, TimeSpan.Zero));

    private const string SixBranches = """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="http://bpmn.io/schema/bpmn">
          <bpmn:process id="verteilt" isExecutable="true">
            <bpmn:startEvent id="start" />
            <bpmn:sequenceFlow id="f0" sourceRef="start" targetRef="split" />
            <bpmn:parallelGateway id="split" />
            <bpmn:sequenceFlow id="fa" sourceRef="split" targetRef="a" /><bpmn:userTask id="a" />
            <bpmn:sequenceFlow id="fb" sourceRef="split" targetRef="b" /><bpmn:userTask id="b" />
            <bpmn:sequenceFlow id="fc" sourceRef="split" targetRef="c" /><bpmn:userTask id="c" />
            <bpmn:sequenceFlow id="fd" sourceRef="split" targetRef="d" /><bpmn:userTask id="d" />
            <bpmn:sequenceFlow id="fe" sourceRef="split" targetRef="e" /><bpmn:userTask id="e" />
            <bpmn:sequenceFlow id="ff" sourceRef="split" targetRef="f" /><bpmn:userTask id="f" />
          </bpmn:process>
        </bpmn:definitions>
        """;

    [Fact]
    public async Task Keys_of_instances_started_one_after_another_do_not_follow_from_one_another()
    {
        await using var app = new EngineApp(NewClock());
        await EngineApp.JsonAsync(await EngineApp.DeployAsync(app.Admin(), ("antrag.bpmn", Models.Antrag)));

        var keys = new List<long>();
        for (var i = 0; i < 40; i++)
        {
            keys.Add(long.Parse(await EngineApp.StartAsync(app.System(), "antrag"), CultureInfo.InvariantCulture));
        }

        var steps = keys.Zip(keys.Skip(1), (a, b) => b - a).ToList();
        Assert.Equal(steps.Count, steps.Distinct().Count());
        Assert.Contains(steps, s => s < 0);
        app.DeleteDatabaseFile();
    }

    [Fact]
    public async Task Active_elements_are_listed_in_the_order_they_were_created_not_by_key()
    {
        await using var app = new EngineApp(NewClock());
        await EngineApp.JsonAsync(await EngineApp.DeployAsync(app.Admin(), ("verteilt.bpmn", SixBranches)));

        var instance = await EngineApp.InstanceAsync(app.Admin(), await EngineApp.StartAsync(app.System(), "verteilt"));

        var active = instance["activeElements"]!.AsArray();
        Assert.Equal(["a", "b", "c", "d", "e", "f"], active.Select(e => e!["elementId"]!.GetValue<string>()));
        app.DeleteDatabaseFile();
    }

    [Fact]
    public async Task Two_nodes_on_one_database_share_one_key_secret_and_never_make_the_same_key()
    {
        var server = await PostgresServer.GetAsync();
        var database = await server.CreateDatabaseAsync("keys");
        try
        {
            await using var first = new EngineApp(NewClock(), postgresConnectionString: database);
            await using var second = new EngineApp(NewClock(), postgresConnectionString: database);
            await EngineApp.JsonAsync(await EngineApp.DeployAsync(first.Admin(), ("verteilt.bpmn", SixBranches)));

            // Both clocks stand at the same millisecond: the two nodes' keys meet in every millisecond they use.
            var started = await Task.WhenAll(new[] { first, second }.SelectMany(node => Enumerable.Range(0, 25)
                .Select(_ => node.System().PostAsJsonAsync("/v2/process-instances", new { processDefinitionId = "verteilt" }))));
            var instanceKeys = new List<string>();
            foreach (var response in started)
            {
                instanceKeys.Add((await EngineApp.JsonAsync(response))["processInstanceKey"]!.GetValue<string>());
            }

            var keys = new List<string>(instanceKeys);
            foreach (var key in instanceKeys)
            {
                keys.AddRange((await EngineApp.InstanceAsync(first.Admin(), key))["activeElements"]!.AsArray()
                    .Select(e => e!["elementInstanceKey"]!.GetValue<string>()));
            }

            Assert.Equal(50 * 7, keys.Count);
            Assert.Equal(keys.Count, keys.Distinct().Count());
            await using var context = first.Services.GetRequiredService<EngineDatabase>().CreateContext();
            Assert.Equal(ClusterSecrets.KeyPermutation, (await context.ClusterSecrets.SingleAsync()).Name);
        }
        finally
        {
            await server.DropDatabaseAsync(database);
        }
    }
}
