using ProzessEngine.Core.Intents;
using ProzessEngine.Core.State;
using ProzessEngine.Feel;

namespace ProzessEngine.Core.Routing;

/// <summary>A message as published, by the API or by a throw event. A missing correlation key is the empty one.</summary>
public sealed record PublishedMessage(string Name, string CorrelationKey, string? MessageId, TimeSpan TimeToLive);

/// <summary>A message subscription as storage lists it: an element of an instance of <paramref name="ProcessId"/> waits.</summary>
public sealed record WaitingMessageSubscription(long SubscriptionKey, long ProcessInstanceKey, string ProcessId, string MessageName, string CorrelationKey);

/// <summary>
/// A message that found no receiver and waits for one until <paramref name="ExpiresAt"/>. <paramref name="Depth"/> is the
/// depth of the command that threw it (Engine:Limits:MaxCallDepth), handed on to the receiver; 0 from outside.
/// </summary>
public sealed record BufferedMessage(long Key, string Name, string CorrelationKey, string? MessageId, DateTimeOffset PublishedAt, DateTimeOffset ExpiresAt,
    int Depth = 0)
{
    public bool IsLiveAt(DateTimeOffset now) => ExpiresAt > now;
}

/// <summary>A message id in use by the message <paramref name="MessageKey"/> until <paramref name="ExpiresAt"/>.</summary>
public sealed record TakenMessageId(string MessageId, long MessageKey, DateTimeOffset ExpiresAt)
{
    public bool IsLiveAt(DateTimeOffset now) => ExpiresAt > now;
}

/// <summary>
/// Where a message goes: to <paramref name="Deliveries"/>, or (none) into the buffer when <paramref name="Buffer"/>. A
/// <paramref name="Duplicate"/> of a message id that is still in use goes nowhere. <paramref name="TakesId"/>: the
/// message's id is in use from now until its time to live ends (storage writes that down).
/// </summary>
public sealed record MessageRoute(IReadOnlyList<EventDelivery> Deliveries, bool Buffer, bool Duplicate, bool TakesId = false);

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
    /// positive. A message whose id is still in use (<see cref="IsDuplicate"/>) goes nowhere; otherwise a message with
    /// an id and a time to live takes the id (<see cref="TakesId"/>). A message published <paramref name="again"/>
    /// because its receiver no longer waited holds its id already.
    /// </summary>
    /// <param name="taken">The ids in use that storage knows with this message's id (or more).</param>
    public static MessageRoute Route(PublishedMessage message, IEnumerable<WaitingMessageSubscription> waiting, IEnumerable<DeployedProcess> latestVersions,
        IEnumerable<TakenMessageId> taken, DateTimeOffset now, bool mayBuffer, bool again = false)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(waiting);
        ArgumentNullException.ThrowIfNull(latestVersions);
        if (!again && IsDuplicate(message.MessageId, taken, now))
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

        return new MessageRoute(deliveries, deliveries.Count == 0 && mayBuffer && message.TimeToLive > TimeSpan.Zero, false, !again && TakesId(message));
    }

    /// <summary>
    /// A message id is in use while the message published with it lives: from its publication until its time to live
    /// ends, whether it is still buffered or was correlated. A publication with an id in use is refused (Camunda 8:
    /// ALREADY_EXISTS); ids are unique per tenant.
    /// </summary>
    public static bool IsDuplicate(string? messageId, IEnumerable<TakenMessageId> taken, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(taken);
        return messageId is { Length: > 0 } && taken.Any(t => t.MessageId == messageId && t.IsLiveAt(now));
    }

    /// <summary>
    /// Whether publishing <paramref name="message"/> puts its id in use: only with a time to live, as in Camunda 8, where
    /// a message without one is correlated at once or dropped and its id guards nothing.
    /// </summary>
    public static bool TakesId(PublishedMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return message.MessageId is { Length: > 0 } && message.TimeToLive > TimeSpan.Zero;
    }

    /// <summary>Why a publication whose id is in use (<see cref="IsDuplicate"/>) is refused.</summary>
    public static string DuplicateProblem(string messageId, IEnumerable<TakenMessageId> taken, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(taken);
        var until = taken.Where(t => t.MessageId == messageId && t.IsLiveAt(now)).Select(t => (DateTime?)t.ExpiresAt.UtcDateTime).Max();
        return string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"A message with id '{messageId}' was already published; the id stays in use until that message's time to live ends ({until:yyyy-MM-dd HH:mm:ss} UTC).");
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
