using System.Diagnostics;
using System.Diagnostics.Metrics;
using ProzessEngine.Core.Journal;

namespace ProzessEngine.Persistence.Telemetry;

/// <summary>
/// The engine's meter: commands and their latency by command, instances started and ended, and, when a
/// <see cref="EngineBacklog"/> is given, gauges of what waits in the database (open incidents, due timers and their lag,
/// activatable jobs, the outbox). One per service provider, so that tests listening to one host hear only that host.
/// </summary>
public sealed class EngineMetrics : IDisposable
{
    // Seconds, from a millisecond (a straight-through start on PostgreSQL) to the retry policy's worst case.
    private static readonly double[] DurationBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly Meter _meter;
    private readonly Counter<long> _commands;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _started;
    private readonly Counter<long> _ended;

    public EngineMetrics(IMeterFactory meterFactory, EngineBacklog? backlog = null)
        : this((meterFactory ?? throw new ArgumentNullException(nameof(meterFactory))).Create(EngineTelemetry.Name, EngineTelemetry.Version()), backlog)
    {
    }

    private EngineMetrics(Meter meter, EngineBacklog? backlog)
    {
        _meter = meter;
        _commands = meter.CreateCounter<long>(EngineTelemetry.Commands, "{command}",
            "Commands this node ran, by command and outcome (ok, not_found, conflict, rejected, canceled, error).");
        _duration = meter.CreateHistogram(EngineTelemetry.CommandDuration, "s",
            "How long a command took on this node, retries and the work it carried out between instances included.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
        _started = meter.CreateCounter<long>(EngineTelemetry.InstancesStarted, "{instance}", "Process instances started, by process id.");
        _ended = meter.CreateCounter<long>(EngineTelemetry.InstancesEnded, "{instance}",
            "Process instances ended, by process id and end state (completed, canceled, terminated).");
        if (backlog is not null)
        {
            ObserveBacklog(meter, backlog);
        }
    }

    /// <summary>For an engine built without a service provider (tests, benchmarks): a meter of its own, not disposed.</summary>
    internal static EngineMetrics Standalone { get; } = new(new Meter(EngineTelemetry.Name, EngineTelemetry.Version()), null);

    internal bool CommandsObserved => _commands.Enabled || _duration.Enabled;

    internal void RecordCommand(string command, string outcome, TimeSpan elapsed)
    {
        var tags = new TagList { { EngineTelemetry.CommandTag, command }, { EngineTelemetry.OutcomeTag, outcome } };
        _commands.Add(1, tags);
        _duration.Record(elapsed.TotalSeconds, tags);
    }

    /// <summary>Counts the starts and ends among a committed command's journal events.</summary>
    internal void RecordCommitted(string processId, IReadOnlyList<JournalEvent> events)
    {
        if (!_started.Enabled && !_ended.Enabled)
        {
            return;
        }

        foreach (var journalEvent in events)
        {
            var endState = journalEvent.Kind switch
            {
                JournalEventKind.InstanceStarted => null,
                JournalEventKind.InstanceCompleted => "completed",
                JournalEventKind.InstanceCanceled => "canceled",
                JournalEventKind.InstanceTerminated => "terminated",
                _ => "",
            };
            if (endState is null)
            {
                _started.Add(1, new KeyValuePair<string, object?>(EngineTelemetry.ProcessIdTag, processId));
            }
            else if (endState.Length > 0)
            {
                _ended.Add(1, new KeyValuePair<string, object?>(EngineTelemetry.ProcessIdTag, processId),
                    new KeyValuePair<string, object?>(EngineTelemetry.EndStateTag, endState));
            }
        }
    }

    public void Dispose() => _meter.Dispose();

    private static void ObserveBacklog(Meter meter, EngineBacklog backlog)
    {
        meter.CreateObservableGauge(EngineTelemetry.IncidentsOpen, () => One(backlog.Read()?.OpenIncidents), "{incident}",
            "Incidents not resolved yet, in the whole database.");
        meter.CreateObservableGauge(EngineTelemetry.TimersDue, () => One(backlog.Read()?.TimersDue), "{timer}",
            "Timers that are due and not fired yet, in the whole database.");
        meter.CreateObservableGauge(EngineTelemetry.TimersLag, () => One(backlog.Read()?.OldestDueTimer.TotalSeconds), "s",
            "How long the oldest due timer has been waiting to fire (0 when none is due).");
        meter.CreateObservableGauge(EngineTelemetry.JobsActivatable, () => backlog.Read()?.ActivatableJobs.Select(j =>
                new Measurement<long>(j.Value, new KeyValuePair<string, object?>(EngineTelemetry.JobTypeTag, j.Key))) ?? [],
            "{job}", "Jobs a worker could activate now, by job type.");
        meter.CreateObservableGauge(EngineTelemetry.OutboxBacklog, () => One(backlog.Read()?.OutboxRows), "{row}",
            "Work between instances not carried out yet (outbox rows).");
        meter.CreateObservableGauge(EngineTelemetry.OutboxAge, () => One(backlog.Read()?.OldestOutboxRow.TotalSeconds), "s",
            "Age of the oldest outbox row (0 when the outbox is empty): above the sweep interval, work is stuck.");
    }

    // Nothing is reported while the database does not answer, rather than a zero that would look like good news.
    private static IEnumerable<Measurement<T>> One<T>(T? value) where T : struct => value is { } v ? [new Measurement<T>(v)] : [];
}
