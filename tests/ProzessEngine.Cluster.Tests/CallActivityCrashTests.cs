using System.Globalization;
using ProzessEngine.Cluster.Tests.Infrastructure;
using Xunit.Abstractions;

namespace ProzessEngine.Cluster.Tests;

/// <summary>
/// Work between instances survives a node killed between two commits: parents start their children and children
/// answer their parents through the outbox; whatever the killed node left there, another node carries out, once.
/// </summary>
public sealed class CallActivityCrashTests(ITestOutputHelper output)
{
    private const int Parents = 200;

    private const string Parent = """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"
                          id="d" targetNamespace="http://bpmn.io/schema/bpmn">
          <bpmn:process id="akte" isExecutable="true">
            <bpmn:startEvent id="start" />
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="eingang" />
            <bpmn:intermediateCatchEvent id="eingang">
              <bpmn:timerEventDefinition><bpmn:timeDate>=due</bpmn:timeDate></bpmn:timerEventDefinition>
            </bpmn:intermediateCatchEvent>
            <bpmn:sequenceFlow id="f2" sourceRef="eingang" targetRef="teilakte-anlegen" />
            <bpmn:callActivity id="teilakte-anlegen">
              <bpmn:extensionElements><zeebe:calledElement processId="teilakte" propagateAllChildVariables="true" /></bpmn:extensionElements>
            </bpmn:callActivity>
            <bpmn:sequenceFlow id="f3" sourceRef="teilakte-anlegen" targetRef="end" />
            <bpmn:endEvent id="end" />
          </bpmn:process>
        </bpmn:definitions>
        """;

    private const string Child = """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"
                          id="d" targetNamespace="http://bpmn.io/schema/bpmn">
          <bpmn:process id="teilakte" isExecutable="true">
            <bpmn:startEvent id="start" />
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="liegezeit" />
            <bpmn:intermediateCatchEvent id="liegezeit">
              <bpmn:timerEventDefinition><bpmn:timeDuration>PT1S</bpmn:timeDuration></bpmn:timerEventDefinition>
            </bpmn:intermediateCatchEvent>
            <bpmn:sequenceFlow id="f2" sourceRef="liegezeit" targetRef="end" />
            <bpmn:endEvent id="end" />
          </bpmn:process>
        </bpmn:definitions>
        """;

    [Fact]
    public async Task Parents_and_children_on_two_nodes_each_run_once_when_one_node_is_killed_between_their_commits()
    {
        await using var database = await ClusterDatabase.CreateAsync("call_crash");
        var nodes = new EngineProcess?[2];
        try
        {
            nodes[0] = await EngineProcess.StartAsync("A", database.ConnectionString);
            nodes[1] = await EngineProcess.StartAsync("B", database.ConnectionString);
            await ClusterDatabase.DeployAsync(nodes[0]!.Client, "teilakte.bpmn", Child);
            await ClusterDatabase.DeployAsync(nodes[0]!.Client, "akte.bpmn", Parent);
            // Due after the last start even on a machine busy with other test projects (starting took 14 s there once, and
            // every child then started at once, before the kill), spread over twelve seconds.
            var firstDue = DateTimeOffset.UtcNow.AddSeconds(25);
            await Parallel.ForEachAsync(Enumerable.Range(0, Parents), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, _) =>
            {
                var due = firstDue.AddMilliseconds(i * 12_000.0 / Parents).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
                await ClusterDatabase.PostAsync(nodes[i % 2]!.Client, "/v2/process-instances", new { processDefinitionId = "akte", variables = new { due } });
            });

            var started = DateTimeOffset.UtcNow;
            Assert.True(started < firstDue, $"Starting the parents took until {started:O}, after the first timer was due ({firstDue:O}).");
            Assert.True(await Until.HoldsAsync(async () => await ChildrenAsync(database) >= Parents / 4, TimeSpan.FromSeconds(90)),
                "A quarter of the children were not started in time.");
            var killed = nodes[0]!;
            nodes[0] = null;
            await killed.KillAsync();
            var childrenAtKill = await ChildrenAsync(database);
            await killed.DisposeAsync();

            var allDone = await Until.HoldsAsync(async () => await CompletedAsync(database, "akte") == Parents, TimeSpan.FromSeconds(90));

            output.WriteLine($"Node A killed with {childrenAtKill} of {Parents} children started; all parents completed: {allDone}.");
            Assert.True(allDone, $"{Parents - await CompletedAsync(database, "akte")} parents did not complete.\nB:\n{nodes[1]!.Output}");
            Assert.InRange(childrenAtKill, 1, Parents - 1);
            Assert.Equal(Parents, await ChildrenAsync(database));
            Assert.Equal(Parents, await CompletedAsync(database, "teilakte"));
            Assert.Equal(0, await database.ScalarAsync("SELECT count(*) FROM outbox"));
            Assert.Equal(0, await database.ScalarAsync("SELECT count(*) FROM timers") + await database.ScalarAsync("SELECT count(*) FROM incidents"));
            var journals = (await database.JournalAsync()).GroupBy(j => j.Instance).ToList();
            Assert.Equal(2 * Parents, journals.Count);
            Assert.Equal(Parents, journals.Count(j => j.Select(e => e.Command).SequenceEqual(["start", "fire-timer", "complete-call-activity"])));
            Assert.Equal(Parents, journals.Count(j => j.Select(e => e.Command).SequenceEqual(["start-child", "fire-timer"])));
        }
        finally
        {
            foreach (var node in nodes)
            {
                if (node is not null)
                {
                    await node.DisposeAsync();
                }
            }
        }
    }

    private static Task<long> ChildrenAsync(ClusterDatabase database) =>
        database.ScalarAsync("""SELECT count(*) FROM process_instances WHERE "ProcessId" = 'teilakte'""");

    private static Task<long> CompletedAsync(ClusterDatabase database, string processId) =>
        database.ScalarAsync($"""SELECT count(*) FROM process_instances WHERE "ProcessId" = '{processId}' AND "Status" = 'COMPLETED'""");
}
