using System.Diagnostics;
using System.Globalization;
using ProzessEngine.Cluster.Tests.Infrastructure;
using Xunit.Abstractions;

namespace ProzessEngine.Cluster.Tests;

/// <summary>Issue 6, point 4: every timer fires exactly once across nodes, even when a node dies while firing.</summary>
public sealed class ExactlyOnceTimerTests(ITestOutputHelper output)
{
    private const int Timers = 2000;

    private const string Model = """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="http://bpmn.io/schema/bpmn">
          <bpmn:process id="frist" isExecutable="true">
            <bpmn:startEvent id="start" />
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="warten" />
            <bpmn:intermediateCatchEvent id="warten">
              <bpmn:timerEventDefinition><bpmn:timeDate>=due</bpmn:timeDate></bpmn:timerEventDefinition>
            </bpmn:intermediateCatchEvent>
            <bpmn:sequenceFlow id="f2" sourceRef="warten" targetRef="end" />
            <bpmn:endEvent id="end" />
          </bpmn:process>
        </bpmn:definitions>
        """;

    [Fact]
    public async Task Two_thousand_timers_on_two_nodes_fire_exactly_once_when_one_node_is_killed_midway()
    {
        await using var database = await ClusterDatabase.CreateAsync("exactly_once");
        await using var first = await EngineProcess.StartAsync("A", database.ConnectionString);
        await using var second = await EngineProcess.StartAsync("B", database.ConnectionString);
        await ClusterDatabase.DeployAsync(first.Client, "frist.bpmn", Model);
        // Both schedulers take part in one Quartz cluster on the database.
        Assert.True(await Until.HoldsAsync(async () => await database.ScalarAsync("SELECT count(*) FROM qrtz_scheduler_state") == 2,
            TimeSpan.FromSeconds(10)), "The two schedulers did not both check in to the Quartz cluster.");

        // Due over twelve seconds, starting well after the last start even on a busy 2-core machine (2,000 starts there
        // can take more than eight seconds; if all timers were due before the kill, the kill would prove nothing, and over
        // three seconds a busy CI run once saw all of them fire before the kill landed); started through both nodes.
        var firstDue = DateTimeOffset.UtcNow.AddSeconds(15);
        await Parallel.ForEachAsync(Enumerable.Range(0, Timers), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, _) =>
        {
            var due = firstDue.AddMilliseconds(i * 12000.0 / Timers).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
            await ClusterDatabase.PostAsync((i % 2 == 0 ? first : second).Client, "/v2/process-instances",
                new { processDefinitionId = "frist", variables = new { due } });
        });
        Assert.Equal(Timers, await database.ScalarAsync("SELECT count(*) FROM process_instances"));

        Assert.True(await Until.HoldsAsync(async () => await FiredAsync(database) >= Timers / 3, TimeSpan.FromSeconds(60)),
            "A third of the timers did not fire in time.");
        await first.KillAsync();
        var firedAtKill = await FiredAsync(database);
        var afterKill = Stopwatch.StartNew();

        var allFired = await Until.HoldsAsync(async () => await database.ScalarAsync("SELECT count(*) FROM timers") == 0, TimeSpan.FromSeconds(90));

        output.WriteLine($"Node A killed after {firedAtKill} of {Timers} fires; node B fired the rest within {afterKill.Elapsed.TotalSeconds:F1} s.");
        Assert.True(allFired, $"{await database.ScalarAsync("SELECT count(*) FROM timers")} timers never fired.\nNode B:\n{second.Output}");
        Assert.InRange(firedAtKill, 1, Timers - 1);
        var firesPerInstance = (await database.JournalAsync()).Where(j => j.Command == "fire-timer").GroupBy(j => j.Instance).ToList();
        Assert.Equal(Timers, firesPerInstance.Count);
        Assert.All(firesPerInstance, fires => Assert.Single(fires));
        Assert.Equal(Timers, await database.ScalarAsync("""SELECT count(*) FROM process_instances WHERE "Status" = 'COMPLETED'"""));
        Assert.False(second.HasExited, second.Output);
    }

    private static Task<long> FiredAsync(ClusterDatabase database) =>
        database.ScalarAsync("""SELECT count(*) FROM journal WHERE "Command" = 'fire-timer'""");
}
