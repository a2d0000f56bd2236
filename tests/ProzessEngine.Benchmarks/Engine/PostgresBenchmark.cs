using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using ProzessEngine.Bpmn;
using ProzessEngine.Core;
using ProzessEngine.Core.Intents;
using ProzessEngine.Feel;
using ProzessEngine.Persistence;
using ProzessEngine.Testing;

namespace ProzessEngine.Benchmarks.Engine;

/// <summary>
/// The whole command path on PostgreSQL (read, run, one batched write, commit) with concurrent clients: the straight
/// model (one command per instance) and the usertask model (start, then complete the task). The server is the one in
/// PROZESS_TEST_DB (run-postgres.sh starts a durable cluster and measures the pgbench ceiling beside it, so that the figures compare with that
/// ceiling), else a throw-away cluster (fsync off: not comparable).
/// </summary>
internal static class PostgresBenchmark
{
    public static async Task RunAsync(int instances, int warmup, int concurrency, IReadOnlyList<string> models)
    {
        var server = await PostgresServer.GetAsync();
        Console.WriteLine();
        Console.WriteLine($"PostgreSQL, {concurrency} concurrent clients, {instances:N0} instances per model after {warmup:N0} warm-up instances");
        Console.WriteLine("model      | inst/s    | commands/s | p50 ms | p99 ms");
        foreach (var name in models)
        {
            var connectionString = await server.CreateDatabaseAsync("bench");
            try
            {
                await using var database = new EngineDatabase(DatabaseProvider.PostgreSql, connectionString);
                await database.MigrateAsync();
                var engine = new BenchEngine(database);
                await engine.Deployments.DeployAsync([new DeploymentResource($"{name}.bpmn", File.ReadAllBytes(EngineBenchmark.ModelPath(name)))],
                    DeploymentService.DefaultTenant, "bench");
                await RunModelAsync(engine, name, warmup, concurrency, null);
                // As the pgbench ceiling runs in run-postgres.sh do: start from a checkpoint, so that none falls into the measurement.
                await CheckpointAsync(connectionString);
                var latencies = new long[instances];
                var watch = Stopwatch.StartNew();
                await RunModelAsync(engine, name, instances, concurrency, latencies);
                watch.Stop();
                Array.Sort(latencies);
                var perSecond = instances / watch.Elapsed.TotalSeconds;
                var commands = name == "usertask" ? 2 : 1;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{name,-10} | {perSecond,9:N0} | {perSecond * commands,10:N0} | {Millis(latencies, 0.50),6:N2} | {Millis(latencies, 0.99),6:N2}"));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"RESULT|engine-{name}-c{concurrency}|inst_per_s={perSecond:F1}"));
            }
            finally
            {
                await server.DropDatabaseAsync(connectionString);
            }
        }
    }

    /// <summary>
    /// Runs instances to their end. The usertask model's task is completed right after the start, as a clerk would; its
    /// key comes from the start's committed intents (what a task list would show), so that the figure is the engine's.
    /// </summary>
    internal static async Task RunModelAsync(BenchEngine engine, string name, int count, int concurrency, long[]? latencies)
    {
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                var started = Stopwatch.GetTimestamp();
                var instance = await engine.Commands.StartAsync(name, null, null, DeploymentService.DefaultTenant,
                    [new("amount", FeelValue.FromNumber(i % 100))], CommandActor.System("bench"));
                if (engine.Tasks.TryRemove(instance.ProcessInstanceKey, out var task))
                {
                    await engine.Commands.CompleteUserTaskAsync(task, null, CommandActor.User("bench"));
                }

                if (latencies is not null)
                {
                    latencies[i] = Stopwatch.GetTimestamp() - started;
                }
            }
        })));
    }

    internal static async Task CheckpointAsync(string connectionString)
    {
        await using var connection = new Npgsql.NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var checkpoint = new Npgsql.NpgsqlCommand("CHECKPOINT", connection);
        await checkpoint.ExecuteNonQueryAsync();
    }

    private static double Millis(long[] sorted, double percentile) =>
        sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(percentile * sorted.Length) - 1)] * 1000.0 / Stopwatch.Frequency;
}

/// <summary>The engine's command path over one database, remembering each started instance's user task.</summary>
internal sealed class BenchEngine : ICommandListener
{
    public BenchEngine(EngineDatabase database)
    {
        var keys = new SnowflakeKeyGenerator(1, TimeProvider.System, System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        var parser = new BpmnParser(new FeelEngine());
        var cache = new DefinitionCache(database, parser);
        var decisions = new DecisionCatalog(database);
        Deployments = new DeploymentService(database, cache, keys, TimeProvider.System, listeners: [decisions]);
        Commands = new InstanceCommands(database, cache,
            new ProcessRuntime(new RuntimeServices(TimeProvider.System, keys, [new EngineBenchmark.DecideHandler(), new EngineBenchmark.WorkHandler()],
                decisions: decisions)),
            [this], NullLogger<InstanceCommands>.Instance);
    }

    public DeploymentService Deployments { get; }

    public InstanceCommands Commands { get; }

    public ConcurrentDictionary<long, long> Tasks { get; } = new();

    public void OnCommitted(CommittedCommand command)
    {
        foreach (var intent in command.Intents)
        {
            if (intent is UserTaskCreated created)
            {
                Tasks[command.ProcessInstanceKey] = created.UserTaskKey;
            }
        }
    }
}
