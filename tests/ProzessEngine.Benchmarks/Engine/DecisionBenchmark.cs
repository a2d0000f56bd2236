using System.Diagnostics;
using System.Globalization;
using ProzessEngine.Persistence;
using ProzessEngine.Testing;

namespace ProzessEngine.Benchmarks.Engine;

/// <summary>
/// What a business rule task costs a straight-through instance on PostgreSQL: the straight model and the same model with
/// one business rule task more (straight-decision), alternating on fresh databases of one server, several runs; prints
/// each run and the medians. The server is the one in PROZESS_TEST_DB, else a throw-away cluster.
/// </summary>
internal static class DecisionBenchmark
{
    private static readonly string[] Models = ["straight", "straight-decision"];

    public static async Task RunAsync(int instances, int warmup, int concurrency, int runs)
    {
        InMemory(instances * 5);
        var server = await PostgresServer.GetAsync();
        Console.WriteLine();
        Console.WriteLine($"Business rule task on PostgreSQL, {concurrency} concurrent clients, {instances:N0} instances after {warmup:N0} warm-up, {runs} runs");
        var results = Models.ToDictionary(m => m, _ => new List<double>());
        var cpuPerInstance = Models.ToDictionary(m => m, _ => new List<double>());
        for (var run = 1; run <= runs; run++)
        {
            foreach (var name in Models)
            {
                var connectionString = await server.CreateDatabaseAsync("bench");
                try
                {
                    await using var database = new EngineDatabase(DatabaseProvider.PostgreSql, connectionString);
                    await database.MigrateAsync();
                    var engine = new BenchEngine(database);
                    var resources = new List<DeploymentResource> { new($"{name}.bpmn", File.ReadAllBytes(EngineBenchmark.ModelPath(name))) };
                    var dmn = Path.ChangeExtension(EngineBenchmark.ModelPath(name), ".dmn");
                    if (File.Exists(dmn))
                    {
                        resources.Add(new DeploymentResource(Path.GetFileName(dmn), File.ReadAllBytes(dmn)));
                    }

                    await engine.Deployments.DeployAsync(resources, DeploymentService.DefaultTenant, "bench");
                    await PostgresBenchmark.RunModelAsync(engine, name, warmup, concurrency, null);
                    await PostgresBenchmark.CheckpointAsync(connectionString);
                    var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                    var watch = Stopwatch.StartNew();
                    await PostgresBenchmark.RunModelAsync(engine, name, instances, concurrency, null);
                    watch.Stop();
                    // The engine's own CPU per instance varies less than the rate with what else the machine runs.
                    var cpuMicros = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMicroseconds / instances;
                    var perSecond = instances / watch.Elapsed.TotalSeconds;
                    results[name].Add(perSecond);
                    cpuPerInstance[name].Add(cpuMicros);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"run {run} {name,-17} | {perSecond,9:N0} inst/s | engine CPU {cpuMicros,6:N1} µs/instance | load {Machine.LoadAverage()}"));
                }
                finally
                {
                    await server.DropDatabaseAsync(connectionString);
                }
            }
        }

        var without = Median(results["straight"]);
        var with = Median(results["straight-decision"]);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"median: straight {without:N0} inst/s, with business rule task {with:N0} inst/s: the task adds {(without / with - 1) * 100:N1} % per instance"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"median engine CPU: straight {Median(cpuPerInstance["straight"]):N1} µs/instance, with business rule task {Median(cpuPerInstance["straight-decision"]):N1} µs/instance"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"RESULT|engine-decision-c{concurrency}|without={without:F1}|with={with:F1}"));
    }

    /// <summary>The runtime alone, one thread: what the task's lookup, evaluation and journal event cost without storage.</summary>
    private static void InMemory(int instances)
    {
        var decisions = new Testing.Engine.InMemoryDecisionCatalog();
        decisions.Deploy(File.ReadAllText(Path.ChangeExtension(EngineBenchmark.ModelPath("straight-decision"), ".dmn")));
        var keys = new Core.SnowflakeKeyGenerator(1, TimeProvider.System, System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        var runtime = new Core.ProcessRuntime(new Core.RuntimeServices(TimeProvider.System, keys, [new EngineBenchmark.DecideHandler()], decisions: decisions));
        foreach (var name in Models)
        {
            var model = new Bpmn.BpmnParser(new ProzessEngine.Feel.FeelEngine()).Parse(File.ReadAllText(EngineBenchmark.ModelPath(name))).Processes.Single();
            var process = new Core.DeployedProcess(1, model.Id, 1, DeploymentService.DefaultTenant, model);
            for (var round = 0; round < 2; round++)
            {
                var watch = Stopwatch.StartNew();
                for (var i = 0; i < instances; i++)
                {
                    var result = runtime.StartInstance(process, [new("amount", ProzessEngine.Feel.FeelValue.FromNumber(i % 100))], Core.CommandActor.System("bench"));
                    if (result.Instance.Status != Core.State.InstanceStatus.Completed)
                    {
                        throw new InvalidOperationException($"An instance of {name} did not complete.");
                    }
                }

                watch.Stop();
                if (round == 1)
                {
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"in memory {name,-17} | {watch.Elapsed.TotalMicroseconds / instances,7:N1} µs/instance"));
                }
            }
        }
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
