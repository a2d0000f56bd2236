using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using ProzessEngine.Core;
using ProzessEngine.Host.Tests.Durability;
using ProzessEngine.Host.Tests.Infrastructure;
using ProzessEngine.Persistence;
using ProzessEngine.Persistence.Telemetry;
using ProzessEngine.Testing;

namespace ProzessEngine.Host.Tests.Observability;

/// <summary>What the engine reports to OpenTelemetry: spans and counters per command, backlog gauges.</summary>
public sealed class TelemetryTests
{
    private static FakeTimeProvider NewClock() => new(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task A_command_produces_its_span_and_its_counters()
    {
        await using var app = new EngineApp(NewClock());
        using var recorder = new EngineRecorder(app.Services.GetRequiredService<IMeterFactory>());
        await EngineApp.JsonAsync(await EngineApp.DeployAsync(app.Admin(), ("antrag.bpmn", Models.Antrag)));

        var instance = await EngineApp.StartAsync(app.System(), "antrag");
        var erika = await app.ClerkAsync("erika", "fachamt");
        var task = Assert.Single(await EngineApp.TasksAsync(erika, new { processInstanceKey = instance }))!["userTaskKey"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.NoContent, (await erika.PostAsJsonAsync($"/v2/user-tasks/{task}/completion", new { })).StatusCode);
        // The API checks most requests before the command runs; a worker racing a cancellation reaches the command.
        await Assert.ThrowsAsync<EngineNotFoundException>(() =>
            app.Services.GetRequiredService<InstanceCommands>().CompleteJobAsync(4711, null, CommandActor.System("worker")));

        var start = recorder.SpanOf("start-instance", instance);
        Assert.Equal("start-instance", start.GetTagItem(EngineTelemetry.CommandTag));
        Assert.Equal(EngineTelemetry.Ok, start.GetTagItem(EngineTelemetry.OutcomeTag));
        Assert.Equal(ActivityStatusCode.Unset, start.Status);
        var committed = Assert.Single(start.Events);
        Assert.Equal("antrag", committed.Tags.Single(t => t.Key == EngineTelemetry.ProcessIdTag).Value);
        var completion = recorder.SpanOf("complete-user-task", instance);
        Assert.Equal("COMPLETED", Assert.Single(completion.Events).Tags.Single(t => t.Key == "prozessengine.instance_status").Value);

        Assert.Equal(1, recorder.Sum(EngineTelemetry.Commands, ("prozessengine.command", "start-instance"), ("prozessengine.outcome", "ok")));
        Assert.Equal(1, recorder.Sum(EngineTelemetry.Commands, ("prozessengine.command", "complete-user-task"), ("prozessengine.outcome", "ok")));
        // A job that is gone is an answer (404), not a failure of the engine.
        Assert.Equal(1, recorder.Sum(EngineTelemetry.Commands, ("prozessengine.command", "complete-job"), ("prozessengine.outcome", "not_found")));
        Assert.Equal(1, recorder.Count(EngineTelemetry.CommandDuration, ("prozessengine.command", "start-instance")));
        Assert.True(recorder.Sum(EngineTelemetry.CommandDuration, ("prozessengine.command", "start-instance")) > 0);
        Assert.Equal(1, recorder.Sum(EngineTelemetry.InstancesStarted, ("prozessengine.process_id", "antrag")));
        Assert.Equal(1, recorder.Sum(EngineTelemetry.InstancesEnded, ("prozessengine.process_id", "antrag"), ("prozessengine.end_state", "completed")));
        app.DeleteDatabaseFile();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_backlog_gauges_count_open_incidents_and_activatable_jobs_by_type(bool postgres)
    {
        var server = postgres ? await PostgresServer.GetAsync() : null;
        var database = server is null ? null : await server.CreateDatabaseAsync("backlog");
        try
        {
            await using var app = new EngineApp(NewClock(), postgresConnectionString: database);
            using var recorder = new EngineRecorder(app.Services.GetRequiredService<IMeterFactory>());
            await EngineApp.JsonAsync(await EngineApp.DeployAsync(app.Admin(), ("backlog.bpmn", BacklogModel)));

            await EngineApp.StartAsync(app.System(), "steuer", new { wert = 10 });
            await EngineApp.StartAsync(app.System(), "steuer", new { wert = 10 });
            await EngineApp.StartAsync(app.System(), "steuer", new { wert = 1 });
            recorder.Observe();

            Assert.Equal(2, recorder.Last(EngineTelemetry.JobsActivatable, ("prozessengine.job_type", "steuer-pruefen")));
            Assert.Equal(1, recorder.Last(EngineTelemetry.IncidentsOpen));
            Assert.Equal(0, recorder.Last(EngineTelemetry.OutboxBacklog));
            Assert.Equal(0, recorder.Last(EngineTelemetry.OutboxAge));
            Assert.Equal(0, recorder.Last(EngineTelemetry.TimersDue));
            Assert.Equal(0, recorder.Last(EngineTelemetry.TimersLag));
            app.DeleteDatabaseFile();
        }
        finally
        {
            if (database is not null)
            {
                await server!.DropDatabaseAsync(database);
            }
        }
    }

    [Fact]
    public async Task OpenTelemetry_is_off_without_an_endpoint_and_on_with_one()
    {
        await using (var off = new EngineApp(NewClock()))
        {
            Assert.Null(off.Services.GetService<TracerProvider>());
            Assert.Null(off.Services.GetService<MeterProvider>());
            off.DeleteDatabaseFile();
        }

        // Nothing listens there: exporting fails quietly, as with a collector that is down.
        await using var on = new EngineApp(NewClock(), settings: new Dictionary<string, string> { ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://127.0.0.1:9" });
        Assert.NotNull(on.Services.GetService<TracerProvider>());
        Assert.NotNull(on.Services.GetService<MeterProvider>());
        Assert.Equal(HttpStatusCode.OK, (await on.CreateClient().GetAsync("/health/live")).StatusCode);
        on.DeleteDatabaseFile();
    }

    private const string BacklogModel = """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"
                          xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="d" targetNamespace="t">
          <bpmn:process id="steuer" isExecutable="true">
            <bpmn:startEvent id="start" />
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="weiche" />
            <bpmn:exclusiveGateway id="weiche" />
            <bpmn:sequenceFlow id="f2" sourceRef="weiche" targetRef="pruefen">
              <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">=wert &gt; 5</bpmn:conditionExpression>
            </bpmn:sequenceFlow>
            <bpmn:serviceTask id="pruefen">
              <bpmn:extensionElements><zeebe:taskDefinition type="steuer-pruefen" /></bpmn:extensionElements>
            </bpmn:serviceTask>
            <bpmn:sequenceFlow id="f3" sourceRef="pruefen" targetRef="end" />
            <bpmn:endEvent id="end" />
          </bpmn:process>
        </bpmn:definitions>
        """;

    /// <summary>
    /// Listens to the engine's activity source and to the meter of one host (the meter factory is per service
    /// provider), so that tests running at the same time do not count into each other.
    /// </summary>
    private sealed class EngineRecorder : IDisposable
    {
        private readonly ActivityListener _spans;
        private readonly MeterListener _meters = new();
        private readonly ConcurrentQueue<Activity> _stopped = new();
        private readonly ConcurrentQueue<(string Instrument, double Value, KeyValuePair<string, object?>[] Tags)> _measurements = new();

        public EngineRecorder(IMeterFactory factory)
        {
            _spans = new ActivityListener
            {
                ShouldListenTo = source => source.Name == EngineTelemetry.Name,
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
                ActivityStopped = _stopped.Enqueue,
            };
            ActivitySource.AddActivityListener(_spans);
            _meters.InstrumentPublished = (instrument, listener) =>
            {
                if (ReferenceEquals(instrument.Meter.Scope, factory) && instrument.Meter.Name == EngineTelemetry.Name)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _meters.SetMeasurementEventCallback<long>((instrument, value, tags, _) => _measurements.Enqueue((instrument.Name, value, tags.ToArray())));
            _meters.SetMeasurementEventCallback<double>((instrument, value, tags, _) => _measurements.Enqueue((instrument.Name, value, tags.ToArray())));
            _meters.Start();
        }

        /// <summary>The one span of <paramref name="command"/> that committed on <paramref name="instanceKey"/>.</summary>
        public Activity SpanOf(string command, string instanceKey) => Assert.Single(_stopped, a => a.OperationName == command
            && a.Events.Any(e => e.Tags.Any(t => t.Key == EngineTelemetry.InstanceKeyTag && Equals(t.Value?.ToString(), instanceKey))));

        public void Observe() => _meters.RecordObservableInstruments();

        public double Sum(string instrument, params (string Key, string Value)[] tags) => Matching(instrument, tags).Sum(m => m.Value);

        public int Count(string instrument, params (string Key, string Value)[] tags) => Matching(instrument, tags).Count();

        public double Last(string instrument, params (string Key, string Value)[] tags) => Matching(instrument, tags).Last().Value;

        public void Dispose()
        {
            _spans.Dispose();
            _meters.Dispose();
        }

        private IEnumerable<(string Instrument, double Value, KeyValuePair<string, object?>[] Tags)> Matching(string instrument,
            (string Key, string Value)[] tags) =>
            _measurements.Where(m => m.Instrument == instrument
                && tags.All(t => m.Tags.Any(mt => mt.Key == t.Key && Equals(mt.Value?.ToString(), t.Value))));
    }
}
