using System.Diagnostics;
using ProzessEngine.Core;
using ProzessEngine.Persistence.Stores;

namespace ProzessEngine.Persistence.Telemetry;

/// <summary>
/// Wraps each command of <see cref="InstanceCommands"/> in a span and records it in the command counter and latency
/// histogram. Spans carry the command, keys and outcome only: no variable values, user names or error texts, which may
/// hold personal data (the log has the error).
/// </summary>
internal sealed class CommandTelemetry(EngineMetrics metrics)
{
    public Task RunAsync(string command, Func<Task> run) =>
        IsObserved ? RunObservedAsync(command, async () => { await run(); return true; }) : run();

    public Task<T> RunAsync<T>(string command, Func<Task<T>> run) => IsObserved ? RunObservedAsync(command, run) : run();

    /// <summary>Counts what a committed command did to its instance and notes it on the command's span.</summary>
    public void Committed(ExecutionResult result)
    {
        metrics.RecordCommitted(result.Instance.ProcessId, result.Events);
        if (Activity.Current is { Source.Name: EngineTelemetry.Name } activity && activity.IsAllDataRequested)
        {
            // One command may commit on several instances (a child started, its parent continued): one event each.
            activity.AddEvent(new ActivityEvent("committed", tags: new ActivityTagsCollection
            {
                { EngineTelemetry.CommandTag, result.Command },
                { EngineTelemetry.InstanceKeyTag, result.Instance.Key },
                { EngineTelemetry.ProcessIdTag, result.Instance.ProcessId },
                { "prozessengine.instance_status", InstanceStatuses.From(result.Instance.Status) },
            }));
            activity.SetTag(EngineTelemetry.InstanceKeyTag, activity.GetTagItem(EngineTelemetry.InstanceKeyTag) ?? result.Instance.Key);
        }
    }

    private bool IsObserved => metrics.CommandsObserved || EngineTelemetry.Source.HasListeners();

    private async Task<T> RunObservedAsync<T>(string command, Func<Task<T>> run)
    {
        using var activity = EngineTelemetry.Source.StartActivity(command);
        activity?.SetTag(EngineTelemetry.CommandTag, command);
        var started = Stopwatch.GetTimestamp();
        var outcome = "error";
        try
        {
            var result = await run();
            outcome = EngineTelemetry.Ok;
            return result;
        }
        catch (Exception ex)
        {
            outcome = Outcome(ex);
            if (activity is not null)
            {
                activity.SetTag("error.type", ex.GetType().FullName);
                // Refusals (not found, conflict, bad input) are answers, not failures of the engine.
                activity.SetStatus(outcome == "error" ? ActivityStatusCode.Error : ActivityStatusCode.Unset);
            }

            throw;
        }
        finally
        {
            activity?.SetTag(EngineTelemetry.OutcomeTag, outcome);
            metrics.RecordCommand(command, outcome, Stopwatch.GetElapsedTime(started));
        }
    }

    private static string Outcome(Exception exception) => exception switch
    {
        EngineNotFoundException => "not_found",
        EngineConflictException or EngineConcurrencyException => "conflict",
        OperationCanceledException => "canceled",
        ArgumentException or VariableTooLargeException or JobResultRejectedException => "rejected",
        _ => "error",
    };
}
