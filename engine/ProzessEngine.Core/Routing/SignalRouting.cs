using ProzessEngine.Core.State;
using ProzessEngine.Feel;

namespace ProzessEngine.Core.Routing;

/// <summary>A signal subscription as storage lists it: an element of <paramref name="ProcessInstanceKey"/> waits for the signal.</summary>
public sealed record WaitingSignalSubscription(long SubscriptionKey, long ProcessInstanceKey, string SignalName);

/// <summary>The rules of signal broadcasts, written once for the database path and the in-memory reference.</summary>
public static class SignalRouting
{
    /// <summary>
    /// A signal reaches every waiting subscription with its name (oldest first, by key) and starts the latest version of
    /// every process at each of its signal start events with that name, in the order given (the order the processes were
    /// first deployed). A signal is not buffered: who does not wait when it is broadcast does not get it, and a delivery
    /// whose element no longer waits (or whose instance ended) changes nothing.
    /// </summary>
    public static IReadOnlyList<EventDelivery> Route(string signalName, IEnumerable<WaitingSignalSubscription> waiting,
        IEnumerable<DeployedProcess> latestVersions)
    {
        ArgumentNullException.ThrowIfNull(waiting);
        ArgumentNullException.ThrowIfNull(latestVersions);
        var deliveries = new List<EventDelivery>();
        deliveries.AddRange(waiting.Where(s => s.SignalName == signalName).OrderBy(s => s.SubscriptionKey)
            .Select(s => new DeliveryToSubscription(s.SubscriptionKey, s.ProcessInstanceKey)));
        foreach (var process in latestVersions)
        {
            deliveries.AddRange(ProcessRuntime.SignalStartEventsOf(process).Where(s => s.SignalName == signalName)
                .Select(s => new DeliveryToStartEvent(process, s.ElementId)));
        }

        return deliveries;
    }

    /// <summary>
    /// A broadcast from outside (the API) that would reach more receivers than Engine:Limits:MaxSignalDeliveriesPerCommand
    /// is refused before anything is delivered; a throw event is bounded when it activates (an incident).
    /// </summary>
    public static void RequireWithinLimit(string signalName, int receivers, EngineLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        if (receivers > limits.MaxSignalDeliveriesPerCommand)
        {
            throw new EngineConflictException(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"The signal '{signalName}' would reach {receivers:N0} receivers, more than Engine:Limits:MaxSignalDeliveriesPerCommand ({limits.MaxSignalDeliveriesPerCommand:N0}) allows; nothing was broadcast."));
        }
    }

    /// <summary>Delivers the signal to a waiting subscription of <paramref name="instance"/>; null when the instance has ended.</summary>
    public static ExecutionResult? Deliver(ProcessRuntime runtime, DeployedProcess process, ProcessInstanceState instance, long subscriptionKey,
        IReadOnlyList<KeyValuePair<string, FeelValue>>? variables, int depth = 0)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        ArgumentNullException.ThrowIfNull(instance);
        return instance.Status == InstanceStatus.Active
            ? runtime.TriggerSignal(process, instance, subscriptionKey, variables, CommandActor.Engine, depth)
            : null;
    }
}
