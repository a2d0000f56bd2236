using ProzessEngine.Core.Intents;
using ProzessEngine.Core.State;
using ProzessEngine.Feel;

namespace ProzessEngine.Core.Routing;

/// <summary>A message as published, by the API or by a throw event. A missing correlation key is the empty one.</summary>
public sealed record PublishedMessage(string Name, string CorrelationKey, string? MessageId, TimeSpan TimeToLive);

/// <summary>A message subscription as storage lists it: an element of an instance of <paramref name="ProcessId"/> waits.</summary>
public sealed record WaitingMessageSubscription(long SubscriptionKey, long ProcessInstanceKey, string ProcessId, string MessageName, string CorrelationKey);

/// <summary>A message that found no receiver and waits for one until <paramref name="ExpiresAt"/>.</summary>
public sealed record BufferedMessage(long Key, string Name, string CorrelationKey, string? MessageId, DateTimeOffset PublishedAt, DateTimeOffset ExpiresAt)
{
    public bool IsLiveAt(DateTimeOffset now) => ExpiresAt > now;
}

/// <summary>
/// Where a message goes: to <paramref name="Deliveries"/>, or (none) into the buffer when <paramref name="Buffer"/>. A
/// <paramref name="Duplicate"/> of a message id that is still buffered goes nowhere.
/// </summary>
public sealed record MessageRoute(IReadOnlyList<EventDelivery> Deliveries, bool Buffer, bool Duplicate);

/// <summary>What a delivery to a subscription led to.</summary>
public enum DeliveryOutcome
{
    /// <summary>The message was correlated and is consumed.</summary>
    Correlated,

    /// <summary>
    /// The instance had ended or the element no longer waited: the subscription is forgotten and the message published
    /// again, so that it reaches the next receiver or the buffer instead of being lost.
    /// </summary>
    Republish,
}

/// <summary>
/// The rules of message correlation, as Camunda 8 has them, written once for the database path and the in-memory
/// reference: storage lists what waits and what is buffered, these functions decide.
/// </summary>
public static class MessageRouting
{
    /// <summary>
    /// Routes a message: to one waiting subscription per process (the oldest, by key), then to the latest version of
    /// every other process with a message start event of that name (its first such start event), in the order given
    /// (the order the processes were first deployed). Nothing matches: buffered, if allowed and its time to live is
    /// positive. A message whose id is still buffered is a duplicate and goes nowhere.
    /// </summary>
    /// <param name="buffered">The buffered messages storage knows with this message's id (or more).</param>
    public static MessageRoute Route(PublishedMessage message, IEnumerable<WaitingMessageSubscription> waiting, IEnumerable<DeployedProcess> latestVersions,
        IEnumerable<BufferedMessage> buffered, DateTimeOffset now, bool mayBuffer)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(waiting);
        ArgumentNullException.ThrowIfNull(latestVersions);
        if (IsDuplicate(message.MessageId, buffered, now))
        {
            return new MessageRoute([], false, true);
        }

        var deliveries = new List<EventDelivery>();
        var reached = new HashSet<string>(StringComparer.Ordinal);
        foreach (var subscription in waiting.OrderBy(s => s.SubscriptionKey))
        {
            if (subscription.MessageName == message.Name && subscription.CorrelationKey == message.CorrelationKey && reached.Add(subscription.ProcessId))
            {
                deliveries.Add(new DeliveryToSubscription(subscription.SubscriptionKey, subscription.ProcessInstanceKey));
            }
        }

        foreach (var process in latestVersions)
        {
            if (!reached.Contains(process.ProcessId)
                && ProcessRuntime.MessageStartEventsOf(process).FirstOrDefault(s => s.MessageName == message.Name) is { } start)
            {
                reached.Add(process.ProcessId);
                deliveries.Add(new DeliveryToStartEvent(process, start.ElementId));
            }
        }

        return new MessageRoute(deliveries, deliveries.Count == 0 && mayBuffer && message.TimeToLive > TimeSpan.Zero, false);
    }

    /// <summary>A message id is taken while a message with it is buffered (Camunda 8 refuses the publication).</summary>
    public static bool IsDuplicate(string? messageId, IEnumerable<BufferedMessage> buffered, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(buffered);
        return messageId is { Length: > 0 } && buffered.Any(m => m.MessageId == messageId && m.IsLiveAt(now));
    }

    /// <summary>Until when a message without receiver stays buffered.</summary>
    public static DateTimeOffset ExpiresAt(PublishedMessage message, DateTimeOffset publishedAt)
    {
        ArgumentNullException.ThrowIfNull(message);
        return publishedAt + message.TimeToLive;
    }

    /// <summary>
    /// The buffered message a subscription that just opened takes: the oldest live one (by publication, then key) with
    /// the subscription's name and correlation key.
    /// </summary>
    public static BufferedMessage? MatchBuffered(string messageName, string correlationKey, IEnumerable<BufferedMessage> buffered, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(buffered);
        return buffered.Where(m => m.Name == messageName && m.CorrelationKey == correlationKey && m.IsLiveAt(now))
            .OrderBy(m => m.PublishedAt).ThenBy(m => m.Key).FirstOrDefault();
    }

    /// <summary>
    /// Delivers a message to a waiting subscription of <paramref name="instance"/>; null when the instance has ended (it
    /// takes nothing any more, see <see cref="AfterDelivery"/>).
    /// </summary>
    public static ExecutionResult? Deliver(ProcessRuntime runtime, DeployedProcess process, ProcessInstanceState instance, long subscriptionKey,
        IReadOnlyList<KeyValuePair<string, FeelValue>>? variables, int depth = 0)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        ArgumentNullException.ThrowIfNull(instance);
        return instance.Status == InstanceStatus.Active
            ? runtime.CorrelateMessage(process, instance, subscriptionKey, variables, CommandActor.Engine, depth)
            : null;
    }

    /// <summary>Whether the delivery's command correlated the message (else the element no longer waited for it).</summary>
    public static bool Correlated(ExecutionResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.Intents.OfType<MessageCorrelated>().Any();
    }

    /// <summary>
    /// What follows a delivery to a subscription: <paramref name="result"/> is the delivery's command, null when the
    /// instance had ended (or was gone) before the message arrived.
    /// </summary>
    public static DeliveryOutcome AfterDelivery(ExecutionResult? result) =>
        result is not null && Correlated(result) ? DeliveryOutcome.Correlated : DeliveryOutcome.Republish;
}
