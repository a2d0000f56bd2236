using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using ProzessEngine.Bpmn;
using ProzessEngine.Core;
using ProzessEngine.Core.Intents;
using ProzessEngine.Core.Serialization;
using ProzessEngine.Feel;
using ProzessEngine.Persistence;
using ProzessEngine.Testing;

namespace ProzessEngine.Benchmarks.Engine;

/// <summary>
/// Throughput and latency of the three bench models in Models/ (straight, usertask, parallel): in memory (the runtime
/// alone, one core) and on PostgreSQL (the whole command path with 8 concurrent starters). Prints one table per mode.
/// </summary>
internal static class EngineBenchmark
{
    private static readonly string[] ModelNames = ["straight", "usertask", "parallel"];

    public static async Task<int> RunAsync(string[] args)
    {
        var instances = IntOption(args, "--instances", 10_000);
        var warmup = IntOption(args, "--warmup", 2_000);
        var concurrency = IntOption(args, "--concurrency", 8);
        var modes = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal) && !int.TryParse(a, out _)).ToList();
        if (modes.Count == 0)
        {
            modes = ["memory", "postgres"];
        }

        Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}");
        if (modes.Contains("memory"))
        {
            RunInMemory(instances, warmup);
        }

        if (modes.Contains("postgres"))
        {
            await PostgresBenchmark.RunAsync(instances, warmup, concurrency, ModelNames);
        }

        if (modes.Contains("decision"))
        {
            await DecisionBenchmark.RunAsync(instances, warmup, concurrency, IntOption(args, "--runs", 5));
        }

        if (modes.Contains("park"))
        {
            await ParkBenchmark.RunAsync(instances);
        }

        if (modes.Contains("timer-burst"))
        {
            await TimerBenchmark.RunBurstAsync(IntOption(args, "--timers", 100_000), concurrency);
        }

        if (modes.Contains("runaway"))
        {
            await RunawayBenchmark.RunAsync(IntOption(args, "--items", 100_000), IntOption(args, "--rounds", 200_000),
                IntOption(args, "--per-command", EngineLimits.Default.MaxActivationsPerCommand));
        }

        if (modes.Contains("task-list"))
        {
            await TaskListBenchmark.RunAsync(IntOption(args, "--tasks", 1_000_000), IntOption(args, "--runs", 500), args.Contains("--keep"));
        }

        if (modes.Contains("timer-lag"))
        {
            await TimerBenchmark.RunLagAsync(IntOption(args, "--rate", 200), IntOption(args, "--seconds", 30));
        }

        return 0;
    }

    private static void RunInMemory(int instances, int warmup)
    {
        Console.WriteLine();
        Console.WriteLine($"In memory, one thread, {instances:N0} instances per model after {warmup:N0} warm-up instances");
        Console.WriteLine("model      | inst/s    | p50 µs | p99 µs | alloc B/inst | state bytes (waiting)");
        foreach (var name in ModelNames)
        {
            var runtime = new ProcessRuntime(new RuntimeServices(TimeProvider.System, new CountingKeys(), [new DecideHandler(), new WorkHandler()]));
            var process = Load(name);
            Run(runtime, process, warmup, null);
            var latencies = new long[instances];
            var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
            var watch = Stopwatch.StartNew();
            var stateBytes = Run(runtime, process, instances, latencies);
            watch.Stop();
            var allocated = (GC.GetAllocatedBytesForCurrentThread() - allocatedBefore) / instances;
            Array.Sort(latencies);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name,-10} | {instances / watch.Elapsed.TotalSeconds,9:N0} | {Micros(latencies, 0.50),6:N1} | {Micros(latencies, 0.99),6:N1} | {allocated,12:N0} | {stateBytes}"));
        }
    }

    /// <summary>Runs instances to their end: the usertask model's task is completed right after the start, as a clerk would.</summary>
    private static int Run(ProcessRuntime runtime, DeployedProcess process, int count, long[]? latencies)
    {
        var stateBytes = 0;
        IReadOnlyList<KeyValuePair<string, FeelValue>>[] inputs = [[new("amount", FeelValue.FromNumber(30))], [new("amount", FeelValue.FromNumber(70))]];
        for (var i = 0; i < count; i++)
        {
            var started = Stopwatch.GetTimestamp();
            var result = runtime.StartInstance(process, inputs[i % 2], CommandActor.System("bench"));
            if (result.Intents.OfType<UserTaskCreated>().FirstOrDefault() is { } task)
            {
                if (i == 0)
                {
                    stateBytes = InstanceStateSerializer.Serialize(result.Instance).Length;
                }

                result = runtime.CompleteUserTask(process, result.Instance, task.UserTaskKey, null, CommandActor.User("bench"));
            }

            if (result.Instance.Status != Core.State.InstanceStatus.Completed)
            {
                throw new InvalidOperationException($"Instance of {process.ProcessId} did not complete.");
            }

            if (latencies is not null)
            {
                latencies[i] = Stopwatch.GetTimestamp() - started;
            }
        }

        return stateBytes;
    }

    private static DeployedProcess Load(string name)
    {
        var model = new BpmnParser(new FeelEngine()).Parse(File.ReadAllText(ModelPath(name))).Processes.Single();
        return new DeployedProcess(1, model.Id, 1, DeploymentService.DefaultTenant, model);
    }

    internal static string ModelPath(string name) => Path.Combine(AppContext.BaseDirectory, "Models", $"{name}.bpmn");

    private static double Micros(long[] sorted, double percentile) =>
        sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(percentile * sorted.Length) - 1)] * 1_000_000.0 / Stopwatch.Frequency;

    private static int IntOption(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private sealed class CountingKeys : IKeyGenerator
    {
        private long _next;

        public long NextKey() => ++_next;
    }

    internal sealed class DecideHandler : IInlineJobHandler
    {
        public string JobType => "decide";

        public IReadOnlyList<KeyValuePair<string, FeelValue>>? Execute(InlineJobContext context)
        {
            var approved = context.Variables.TryGetValue("amount", out var amount) && amount.TryGetDecimal(out var value) && value >= 50;
            return [new("approved", FeelValue.FromBoolean(approved))];
        }
    }

    internal sealed class WorkHandler : IInlineJobHandler
    {
        public string JobType => "work";

        public IReadOnlyList<KeyValuePair<string, FeelValue>>? Execute(InlineJobContext context) => null;
    }
}
