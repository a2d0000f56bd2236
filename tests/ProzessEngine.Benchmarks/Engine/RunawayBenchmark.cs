using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using ProzessEngine.Bpmn;
using ProzessEngine.Core;
using ProzessEngine.Core.Intents;
using ProzessEngine.Core.Serialization;
using ProzessEngine.Feel;
using ProzessEngine.Persistence;
using ProzessEngine.Testing.Models;

namespace ProzessEngine.Benchmarks.Engine;

/// <summary>
/// What large and long-running instances cost under Engine:Limits: a parallel and a sequential multi-instance over many
/// items, a script loop of many rounds, and a loop that never waits (run until the guard stops it), each in memory
/// (command by command, the state written and read back in between as the database path does) and on SQLite (the
/// whole command path with its continue-instance outbox rows). For comparison the parallel multi-instance also runs
/// as one unbounded command, as every command ran before the limits.
/// </summary>
internal static class RunawayBenchmark
{
    public static async Task RunAsync(int items, int rounds, int perCommand)
    {
        var limits = EngineLimits.Default with { MaxActivationsPerCommand = perCommand };
        Console.WriteLine();
        Console.WriteLine($"Runaway and long-running instances: {items:N0} multi-instance items, {rounds:N0} loop rounds, {perCommand:N0} activations per command");
        Console.WriteLine("scenario                                   | seconds | per second | commands | max act./cmd | max state KB | max heap MB | alloc MB");
        var unbounded = new EngineLimits
        {
            MaxActivationsPerCommand = int.MaxValue,
            MaxActivationsWithoutWait = long.MaxValue,
            MaxMultiInstanceItems = int.MaxValue,
            MaxElementInstances = int.MaxValue,
            MaxVariablesBytesPerCommand = long.MaxValue,
            MaxVariablesBytes = int.MaxValue,
        };

        InMemory("parallel multi-instance", RunawayModels.MultiInstance("mi", sequential: false), ("count", items), items, limits);
        InMemory("parallel multi-instance, one command", RunawayModels.MultiInstance("mi", sequential: false), ("count", items), items, unbounded);
        InMemory("sequential multi-instance", RunawayModels.MultiInstance("mi", sequential: true), ("count", items), items, limits);
        InMemory("script loop", RunawayModels.ScriptLoop("loop", $"round < {rounds}"), ("round", 0), rounds, limits);
        InMemory("loop without wait state, until the guard", RunawayModels.ScriptLoop("loop", "true"), ("round", 0), null, limits);
        await OnSqliteAsync("parallel multi-instance on SQLite", RunawayModels.MultiInstance("mi", sequential: false), ("count", items), items, limits);
        await OnSqliteAsync("script loop on SQLite", RunawayModels.ScriptLoop("loop", $"round < {rounds}"), ("round", 0), rounds, limits);
        Console.WriteLine($"process peak working set: {Process.GetCurrentProcess().PeakWorkingSet64 / 1024.0 / 1024.0:N0} MB");
    }

    private static void InMemory(string scenario, string xml, (string Name, object Value) variable, int? units, EngineLimits limits)
    {
        var runtime = new ProcessRuntime(new RuntimeServices(TimeProvider.System, new Keys(), limits: limits));
        var model = new BpmnParser(new FeelEngine(), new BpmnParserOptions { RejectStraightThroughLoops = false }).Parse(xml).Processes.Single();
        var process = new DeployedProcess(1, model.Id, 1, DeploymentService.DefaultTenant, model);
        Collect();
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var maxHeap = 0L;
        var maxState = 0;
        var maxActivations = 0;
        var commands = 0;
        var watch = Stopwatch.StartNew();
        var result = runtime.StartInstance(process, [new(variable.Name, FeelValue.FromNumber(Convert.ToInt64(variable.Value, CultureInfo.InvariantCulture)))],
            CommandActor.System("bench"));
        while (true)
        {
            commands++;
            var state = InstanceStateSerializer.Serialize(result.Instance);
            maxState = Math.Max(maxState, state.Length);
            maxActivations = Math.Max(maxActivations, result.Events.Count(e => e.Kind == Core.Journal.JournalEventKind.ElementActivated));
            maxHeap = Math.Max(maxHeap, GC.GetTotalMemory(forceFullCollection: false));
            if (!result.Intents.OfType<ContinuationRequested>().Any())
            {
                break;
            }

            result = runtime.ContinueInstance(process, InstanceStateSerializer.Deserialize(state));
        }

        watch.Stop();
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        var outcome = result.Instance.HasIncident ? " (incident)" : result.Instance.Status == Core.State.InstanceStatus.Completed ? "" : " (not done)";
        var rate = (units ?? (int)Math.Min(int.MaxValue, limits.MaxActivationsWithoutWait)) / watch.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{scenario + outcome,-42} | {watch.Elapsed.TotalSeconds,7:N2} | {rate,10:N0} | {commands,8:N0} | {maxActivations,12:N0} | {maxState / 1024.0,12:N1} | {maxHeap / 1024.0 / 1024.0,11:N1} | {allocated / 1024.0 / 1024.0,8:N0}"));
    }

    private static async Task OnSqliteAsync(string scenario, string xml, (string Name, object Value) variable, int units, EngineLimits limits)
    {
        var file = Path.Combine(Path.GetTempPath(), $"prozessengine-runaway-{Guid.NewGuid():N}.db");
        try
        {
            await using var database = new EngineDatabase(DatabaseProvider.Sqlite, $"Data Source={file}");
            await database.MigrateAsync();
            var keys = new SnowflakeKeyGenerator(1, TimeProvider.System);
            var parser = new BpmnParser(new FeelEngine(), new BpmnParserOptions { RejectStraightThroughLoops = false });
            var cache = new DefinitionCache(database, parser);
            var runtime = new ProcessRuntime(new RuntimeServices(TimeProvider.System, keys, limits: limits));
            var deployments = new DeploymentService(database, cache, keys, TimeProvider.System, runtime);
            var commands = new InstanceCommands(database, cache, runtime, [], NullLogger<InstanceCommands>.Instance) { InlineOutboxBudget = int.MaxValue };
            await deployments.DeployAsync([new DeploymentResource("model.bpmn", System.Text.Encoding.UTF8.GetBytes(xml))], DeploymentService.DefaultTenant, "bench");
            var processId = parser.Parse(xml).Processes.Single().Id;
            Collect();
            var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            var watch = Stopwatch.StartNew();
            var started = await commands.StartAsync(processId, null, null, DeploymentService.DefaultTenant,
                [new(variable.Name, FeelValue.FromNumber(Convert.ToInt64(variable.Value, CultureInfo.InvariantCulture)))], CommandActor.System("bench"));
            watch.Stop();
            var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
            await using var context = database.CreateContext();
            var journal = await context.Journal.AsNoTracking().Where(j => j.ProcessInstanceKey == started.ProcessInstanceKey).Select(j => j.Events).ToListAsync();
            var row = await context.ProcessInstances.AsNoTracking().SingleAsync(i => i.Key == started.ProcessInstanceKey);
            var maxActivations = journal.Max(e => CountOf(e, "\"ElementActivated\""));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{scenario + (row.Status == "COMPLETED" ? "" : $" ({row.Status})"),-42} | {watch.Elapsed.TotalSeconds,7:N2} | {units / watch.Elapsed.TotalSeconds,10:N0} | {journal.Count,8:N0} | {maxActivations,12:N0} | {row.State.Length / 1024.0,12:N1} | {GC.GetTotalMemory(false) / 1024.0 / 1024.0,11:N1} | {allocated / 1024.0 / 1024.0,8:N0}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{"",-42}   journal: {journal.Sum(e => (long)e.Length) / 1024.0 / 1024.0:N1} MB in {journal.Count:N0} entries, largest {journal.Max(e => e.Length) / 1024.0:N0} KB"));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            foreach (var path in new[] { file, file + "-wal", file + "-shm" }.Where(File.Exists))
            {
                File.Delete(path);
            }
        }
    }

    private static int CountOf(string text, string value)
    {
        var count = 0;
        for (var at = text.IndexOf(value, StringComparison.Ordinal); at >= 0; at = text.IndexOf(value, at + value.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    private static void Collect()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
    }

    private sealed class Keys : IKeyGenerator
    {
        private long _next;

        public long NextKey() => ++_next;
    }
}
