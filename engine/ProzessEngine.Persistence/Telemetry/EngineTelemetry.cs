using System.Diagnostics;

namespace ProzessEngine.Persistence.Telemetry;

/// <summary>
/// Names of what the engine reports: one activity source and one meter, both called <see cref="Name"/>, with the
/// instruments and tags below (docs/operations.md, "Monitoring"). Nothing is measured unless a listener (OpenTelemetry,
/// dotnet-counters, a test) subscribes: without one, starting a span and adding to a counter cost a check each.
/// </summary>
public static class EngineTelemetry
{
    public const string Name = "ProzessEngine";

    public const string Commands = "prozessengine.commands";
    public const string CommandDuration = "prozessengine.command.duration";
    public const string InstancesStarted = "prozessengine.instances.started";
    public const string InstancesEnded = "prozessengine.instances.ended";
    public const string IncidentsOpen = "prozessengine.incidents.open";
    public const string TimersDue = "prozessengine.timers.due";
    public const string TimersLag = "prozessengine.timers.lag";
    public const string JobsActivatable = "prozessengine.jobs.activatable";
    public const string OutboxBacklog = "prozessengine.outbox.backlog";
    public const string OutboxAge = "prozessengine.outbox.age";

    public const string CommandTag = "prozessengine.command";
    public const string OutcomeTag = "prozessengine.outcome";
    public const string ProcessIdTag = "prozessengine.process_id";
    public const string InstanceKeyTag = "prozessengine.process_instance_key";
    public const string EndStateTag = "prozessengine.end_state";
    public const string JobTypeTag = "prozessengine.job_type";

    /// <summary>The command ran to its end (it may have changed nothing, e.g. a timer that had fired already).</summary>
    public const string Ok = "ok";

    /// <summary>The engine's version, as the meter, the activity source and the exported service name report it.</summary>
    public static string? Version() => typeof(EngineTelemetry).Assembly.GetName().Version?.ToString();

    internal static ActivitySource Source { get; } = new(Name, Version());
}
