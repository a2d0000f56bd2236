using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using ProzessEngine.Cluster.Tests.Infrastructure;
using Xunit.Abstractions;

namespace ProzessEngine.Cluster.Tests;

/// <summary>Issue 6, point 5: a node killed while instances run loses nothing, and no step runs twice.</summary>
public sealed class CrashRecoveryTests(ITestOutputHelper output)
{
    private const int Instances = 500;
    private const string JobType = "pruefung";

    private const string Model = """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"
                          id="d" targetNamespace="http://bpmn.io/schema/bpmn">
          <bpmn:process id="antrag" isExecutable="true">
            <bpmn:startEvent id="start" />
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="eingang" />
            <bpmn:intermediateCatchEvent id="eingang">
              <bpmn:timerEventDefinition><bpmn:timeDate>=due</bpmn:timeDate></bpmn:timerEventDefinition>
            </bpmn:intermediateCatchEvent>
            <bpmn:sequenceFlow id="f2" sourceRef="eingang" targetRef="pruefen" />
            <bpmn:serviceTask id="pruefen">
              <bpmn:extensionElements><zeebe:taskDefinition type="pruefung" /></bpmn:extensionElements>
            </bpmn:serviceTask>
            <bpmn:sequenceFlow id="f3" sourceRef="pruefen" targetRef="frist" />
            <bpmn:intermediateCatchEvent id="frist">
              <bpmn:timerEventDefinition><bpmn:timeDuration>PT1S</bpmn:timeDuration></bpmn:timerEventDefinition>
            </bpmn:intermediateCatchEvent>
            <bpmn:sequenceFlow id="f4" sourceRef="frist" targetRef="end" />
            <bpmn:endEvent id="end" />
          </bpmn:process>
        </bpmn:definitions>
        """;

    private static readonly string[] Steps = ["start", "fire-timer", "complete-job", "fire-timer"];
    private static readonly string[] Elements = ["start", "eingang", "pruefen", "frist", "end"];

    [Fact]
    public async Task A_node_killed_while_500_instances_run_loses_nothing_and_runs_no_step_twice_after_its_restart()
    {
        await using var database = await ClusterDatabase.CreateAsync("crash");
        var nodes = new EngineProcess?[2];
        try
        {
            nodes[0] = await EngineProcess.StartAsync("A", database.ConnectionString);
            nodes[1] = await EngineProcess.StartAsync("B", database.ConnectionString);
            await ClusterDatabase.DeployAsync(nodes[0]!.Client, "antrag.bpmn", Model);
            var firstDue = DateTimeOffset.UtcNow.AddSeconds(3);
            await Parallel.ForEachAsync(Enumerable.Range(0, Instances), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, _) =>
            {
                var due = firstDue.AddMilliseconds(i * 4).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
                await ClusterDatabase.PostAsync(nodes[i % 2]!.Client, "/v2/process-instances", new { processDefinitionId = "antrag", variables = new { due } });
            });

            using var stop = new CancellationTokenSource();
            var workers = Enumerable.Range(0, 2).Select(w => WorkAsync(nodes, w, stop.Token)).ToList();
            Assert.True(await Until.HoldsAsync(async () => await CompletedAsync(database) >= Instances / 5, TimeSpan.FromSeconds(60)),
                "A fifth of the instances did not complete in time.");

            var killed = nodes[0]!;
            nodes[0] = null;
            await killed.KillAsync();
            var completedAtKill = await CompletedAsync(database);
            await killed.DisposeAsync();
            nodes[0] = await EngineProcess.StartAsync("A after restart", database.ConnectionString);

            var allDone = await Until.HoldsAsync(async () => await CompletedAsync(database) == Instances, TimeSpan.FromSeconds(90));
            await stop.CancelAsync();
            await Task.WhenAll(workers);

            output.WriteLine($"Node A killed with {completedAtKill} of {Instances} instances completed; restarted; all completed: {allDone}.");
            Assert.True(allDone, $"{Instances - await CompletedAsync(database)} instances did not complete.\nB:\n{nodes[1]!.Output}");
            Assert.InRange(completedAtKill, 1, Instances - 1);
            Assert.Equal(0, await database.ScalarAsync("SELECT count(*) FROM timers") + await database.ScalarAsync("SELECT count(*) FROM jobs"));
            Assert.Equal(0, await database.ScalarAsync("SELECT count(*) FROM incidents"));
            var journals = (await database.JournalAsync()).GroupBy(j => j.Instance).ToList();
            Assert.Equal(Instances, journals.Count);
            Assert.All(journals, journal =>
            {
                Assert.Equal(Steps, journal.Select(j => j.Command));
                var activated = journal.SelectMany(j => JsonNode.Parse(j.Events)!.AsArray())
                    .Where(e => e!["kind"]!.GetValue<string>() == "ElementActivated")
                    .Select(e => e!["elementId"]!.GetValue<string>());
                Assert.Equal(Elements, activated);
            });
            // The restarted node leased a new id: the killed node's lease had not expired yet.
            Assert.Equal(3, await database.ScalarAsync("SELECT count(DISTINCT \"Owner\") FROM node_leases"));
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

    /// <summary>A job worker that asks whichever node is up, as a worker behind a load balancer would.</summary>
    private static async Task WorkAsync(EngineProcess?[] nodes, int worker, CancellationToken stop)
    {
        for (var round = worker; !stop.IsCancellationRequested; round++)
        {
            if (nodes[round % 2] is not { HasExited: false } node)
            {
                continue;
            }

            try
            {
                var activated = await node.Client.PostAsync("/v2/jobs/activation", JsonContent(new { type = JobType, worker = $"w{worker}", timeout = 5000, maxJobsToActivate = 20 }), stop);
                if (activated.StatusCode != HttpStatusCode.OK)
                {
                    continue;
                }

                var jobs = JsonNode.Parse(await activated.Content.ReadAsStringAsync(stop))!["jobs"]!.AsArray();
                foreach (var job in jobs)
                {
                    // 404/409 means another worker or a retry got there first; the engine keeps the job's effect single.
                    await node.Client.PostAsync($"/v2/jobs/{job!["jobKey"]}/completion", JsonContent(new { variables = new { geprueft = true } }), stop);
                }
            }
            catch (HttpRequestException)
            {
                // The node was killed under the request; the job stays locked until its timeout and another worker takes it.
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
            }
        }
    }

    private static System.Net.Http.Json.JsonContent JsonContent(object body) => System.Net.Http.Json.JsonContent.Create(body);

    private static Task<long> CompletedAsync(ClusterDatabase database) =>
        database.ScalarAsync("""SELECT count(*) FROM process_instances WHERE "Status" = 'COMPLETED'""");
}
