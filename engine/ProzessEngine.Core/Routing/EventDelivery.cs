namespace ProzessEngine.Core.Routing;

/// <summary>
/// Where a published message or a broadcast signal goes: a waiting subscription of an instance, or a start event that
/// starts a new instance. The routing rules decide the deliveries; storage carries each out by a command on its target.
/// </summary>
public abstract record EventDelivery;

/// <summary>To the subscription <paramref name="SubscriptionKey"/> of the instance <paramref name="ProcessInstanceKey"/>.</summary>
public sealed record DeliveryToSubscription(long SubscriptionKey, long ProcessInstanceKey) : EventDelivery;

/// <summary>To the start event <paramref name="StartEventId"/> of <paramref name="Process"/>: a new instance.</summary>
public sealed record DeliveryToStartEvent(DeployedProcess Process, string StartEventId) : EventDelivery
{
    /// <summary>
    /// Starts the instance; <paramref name="instanceKey"/> is the key chosen when the delivery was written down,
    /// <paramref name="depth"/> the depth the message or signal gives the instances it starts.
    /// </summary>
    public ExecutionResult Start(ProcessRuntime runtime, IReadOnlyList<KeyValuePair<string, Feel.FeelValue>>? variables, CommandActor actor,
        long? instanceKey = null, int depth = 0)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        return runtime.StartInstanceAt(Process, StartEventId, variables, actor, instanceKey, depth);
    }
}
