using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using ProzessEngine.Core;
using ProzessEngine.Core.Intents;
using ProzessEngine.Feel;
using ProzessEngine.Host.Setup;
using ProzessEngine.Persistence;
using ProzessEngine.Testing;

namespace ProzessEngine.Benchmarks.Engine;

/// <summary>
/// Timers through the real host in this process (Quartz clustered on PostgreSQL, slot wake-ups, claims, one command
/// per fire): a burst of timers all due at the same moment, and the lag of timers coming due at a steady rate.
/// </summary>
internal static class TimerBenchmark
{
    private const string DateModel = """
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

    /// <summary><paramref name="count"/> timers due at one instant; how long until all fired, and whether any fired twice.</summary>
    public static async Task RunBurstAsync(int count, int concurrency)
    {
        await using var host = await BenchHost.StartAsync();
        var commands = host.Services.GetRequiredService<InstanceCommands>();
        // The due moment must come after the last start: measure how fast starts go here and now (timers due in a day),
        // then leave twice the time the starts should take.
        var probe = Stopwatch.StartNew();
        var tomorrow = DateTimeOffset.UtcNow.AddDays(1).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        await ForEachAsync(2000, concurrency, i => commands.StartAsync("frist", null, null, DeploymentService.DefaultTenant,
            [new("due", FeelValue.FromString(tomorrow))], CommandActor.System("bench")));
        var startsPerSecond = 2000 / probe.Elapsed.TotalSeconds;
        var due = DateTimeOffset.UtcNow.AddSeconds(count / startsPerSecond * 2 + 5);
        host.Recorder.Reset();
        var dueText = due.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        var starting = Stopwatch.StartNew();
        await ForEachAsync(count, concurrency, i => commands.StartAsync("frist", null, null, DeploymentService.DefaultTenant,
            [new("due", FeelValue.FromString(dueText))], CommandActor.System("bench")));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Started {count:N0} instances with a timer due at {due:HH:mm:ss.fff} in {starting.Elapsed.TotalSeconds:F1} s; due in {(due - DateTimeOffset.UtcNow).TotalSeconds:F1} s"));
        if (DateTimeOffset.UtcNow >= due)
        {
            Console.WriteLine("WARNING: the starts took longer than the lead; some timers were due before all were created.");
        }

        var allFired = await host.Recorder.WaitForFiresAsync(count, due + TimeSpan.FromSeconds(300));
        var last = host.Recorder.LastFire;
        var (fires, instances) = await host.FireCountsAsync();
        var seconds = (last - due).TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Burst: {count:N0} timers due at once; all fired: {allFired}; last fired {seconds:F1} s after the due moment ({count / seconds:N0} fires/s); "
            + $"fire-timer journal entries {fires:N0} for {instances:N0} instances (duplicates: {fires - instances})"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"RESULT|timer-burst|timers={count}|all_fired={allFired}|seconds_after_due={seconds:F1}|duplicates={fires - instances}"));
    }

    /// <summary>Timers coming due at <paramref name="perSecond"/> for <paramref name="seconds"/>; the lag between due and fired.</summary>
    public static async Task RunLagAsync(int perSecond, int seconds)
    {
        await using var host = await BenchHost.StartAsync();
        var commands = host.Services.GetRequiredService<InstanceCommands>();
        var count = perSecond * seconds;
        var lead = TimeSpan.FromSeconds(5);
        var origin = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(1);
        using var pace = new PeriodicTimer(TimeSpan.FromMilliseconds(50));
        var started = 0;
        var pending = new List<Task>();
        while (started < count)
        {
            await pace.WaitForNextTickAsync();
            // Start every instance whose timer should come due by now + lead: a steady stream of due times.
            var dueBy = DateTimeOffset.UtcNow + lead;
            while (started < count && origin + TimeSpan.FromSeconds((double)started / perSecond) + lead <= dueBy)
            {
                var due = (origin + TimeSpan.FromSeconds((double)started / perSecond) + lead)
                    .ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
                pending.Add(commands.StartAsync("frist", null, null, DeploymentService.DefaultTenant, [new("due", FeelValue.FromString(due))],
                    CommandActor.System("bench")));
                started++;
            }
        }

        await Task.WhenAll(pending);
        var allFired = await host.Recorder.WaitForFiresAsync(count, DateTimeOffset.UtcNow + TimeSpan.FromSeconds(60));
        var lags = host.Recorder.Lags.Select(l => l.TotalMilliseconds).Order().ToArray();
        var (fires, instances) = await host.FireCountsAsync();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Lag: {count:N0} timers at {perSecond}/s; all fired: {allFired}; lag p50 {Percentile(lags, 0.5):F0} ms, p99 {Percentile(lags, 0.99):F0} ms, "
            + $"max {lags.LastOrDefault():F0} ms; duplicates {fires - instances}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"RESULT|timer-lag|rate={perSecond}|timers={count}|p50_ms={Percentile(lags, 0.5):F0}|p99_ms={Percentile(lags, 0.99):F0}|max_ms={lags.LastOrDefault():F0}"));
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    private static Task ForEachAsync(int count, int concurrency, Func<int, Task> body) =>
        Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (i, _) => await body(i));

    /// <summary>Due times as scheduled and the moment each timer's firing committed.</summary>
    private sealed class FireRecorder : ICommandListener
    {
        private readonly ConcurrentDictionary<long, DateTimeOffset> _due = new();
        private long _lastFireTicks;
        private int _fires;

        public ConcurrentBag<TimeSpan> Lags { get; } = [];

        public DateTimeOffset LastFire => new(Interlocked.Read(ref _lastFireTicks), TimeSpan.Zero);

        public void Reset()
        {
            _due.Clear();
            Lags.Clear();
            Interlocked.Exchange(ref _fires, 0);
        }

        public void OnCommitted(CommittedCommand command)
        {
            var now = TimeProvider.System.GetUtcNow();
            foreach (var intent in command.Intents)
            {
                switch (intent)
                {
                    case TimerScheduled scheduled:
                        _due[scheduled.TimerKey] = scheduled.DueAt;
                        break;
                    case TimerFired fired:
                        if (_due.TryRemove(fired.TimerKey, out var due))
                        {
                            Lags.Add(now - due);
                        }

                        Interlocked.Exchange(ref _lastFireTicks, now.UtcTicks);
                        Interlocked.Increment(ref _fires);
                        break;
                }
            }
        }

        public async Task<bool> WaitForFiresAsync(int count, DateTimeOffset deadline)
        {
            using var poll = new PeriodicTimer(TimeSpan.FromMilliseconds(20));
            while (Volatile.Read(ref _fires) < count && DateTimeOffset.UtcNow < deadline)
            {
                await poll.WaitForNextTickAsync();
            }

            return Volatile.Read(ref _fires) >= count;
        }
    }

    private sealed class BenchHost : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly PostgresServer _server;

        private BenchHost(WebApplication app, PostgresServer server, string connectionString, FireRecorder recorder)
        {
            _app = app;
            _server = server;
            ConnectionString = connectionString;
            Recorder = recorder;
        }

        public IServiceProvider Services => _app.Services;

        public FireRecorder Recorder { get; }

        public string ConnectionString { get; }

        public static async Task<BenchHost> StartAsync()
        {
            var server = await PostgresServer.GetAsync();
            var connectionString = await server.CreateDatabaseAsync("timerbench");
            var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory, EnvironmentName = "Production" });
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Urls"] = "http://127.0.0.1:0",
                ["Engine:Database"] = "PostgreSQL",
                ["ConnectionStrings:Engine"] = connectionString,
                ["Engine:WorkflowsDirectory"] = "",
                ["Engine:Auth:DevelopmentLogin"] = "false",
            });
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            builder.AddProzessEngine();
            var recorder = new FireRecorder();
            builder.Services.AddSingleton<ICommandListener>(recorder);
            var app = builder.Build();
            app.UseProzessEngine();
            app.MapProzessEngine();
            if (!await app.InitializeEngineAsync())
            {
                throw new InvalidOperationException("The engine did not start.");
            }

            await app.StartAsync();
            await app.Services.GetRequiredService<DeploymentService>().DeployAsync(
                [new DeploymentResource("frist.bpmn", System.Text.Encoding.UTF8.GetBytes(DateModel))], DeploymentService.DefaultTenant, "bench");
            return new BenchHost(app, server, connectionString, recorder);
        }

        /// <summary>fire-timer journal entries, and the instances they belong to: equal when no timer fired twice.</summary>
        public async Task<(long Fires, long Instances)> FireCountsAsync()
        {
            await using var connection = new NpgsqlConnection(ConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(
                """SELECT count(*), count(DISTINCT "ProcessInstanceKey") FROM journal WHERE "Command" = 'fire-timer'""", connection);
            await using var reader = await command.ExecuteReaderAsync();
            await reader.ReadAsync();
            return (reader.GetInt64(0), reader.GetInt64(1));
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
            await _server.DropDatabaseAsync(ConnectionString);
        }
    }
}
