using System.Text;
using System.Text.Json;
using ProzessEngine.Bpmn.Model;
using ProzessEngine.Core.Intents;
using ProzessEngine.Core.Routing;
using ProzessEngine.Core.State;
using ProzessEngine.Feel;

namespace ProzessEngine.Persistence.Routing;

/// <summary>
/// The kinds of work the outbox carries from one committed command to the next, as stored in its rows. Which collaborator
/// carries out which kind is listed in one place, <see cref="OutboxDispatcher"/>.
/// </summary>
internal static class OutboxKinds
{
    public const string StartChild = "start-child";
    public const string CancelChild = "cancel-child";
    public const string ChildCompleted = "child-completed";
    public const string ChildError = "child-error";
    public const string ChildEscalation = "child-escalation";
    public const string PublishMessage = "publish-message";
    public const string MatchBufferedMessage = "match-buffered-message";

    /// <summary>A message was buffered: the subscriptions that wait for it look for a buffered message once more.</summary>
    public const string MatchWaitingSubscription = "match-waiting-subscription";
    public const string DeliverMessage = "deliver-message";
    public const string BroadcastSignal = "broadcast-signal";
    public const string DeliverSignal = "deliver-signal";

    /// <summary>Work a command left over when it used up its budget (Engine:Limits), continued by a command of its own.</summary>
    public const string ContinueInstance = "continue-instance";

    private static readonly (ParentChildWorkKind Work, string Kind)[] ParentChild =
    [
        (ParentChildWorkKind.ChildCompleted, ChildCompleted),
        (ParentChildWorkKind.ChildError, ChildError),
        (ParentChildWorkKind.ChildEscalation, ChildEscalation),
        (ParentChildWorkKind.CancelChild, CancelChild),
    ];

    public static string Of(ParentChildWorkKind work) => ParentChild.Single(p => p.Work == work).Kind;

    public static ParentChildWorkKind ParentChildWorkOf(string kind) => ParentChild.Single(p => p.Kind == kind).Work;
}

/// <summary>
/// What one outbox row asks for. One shape for every kind keeps the row format simple; each kind uses its own fields.
/// <see cref="TargetInstanceKey"/> is the instance the work runs on (for a start: the key the new instance gets).
/// </summary>
internal sealed record OutboxWork
{
    public long TargetInstanceKey { get; init; }
    public long? ElementInstanceKey { get; init; }
    public long? SubscriptionKey { get; init; }
    public long? DefinitionKey { get; init; }
    public string? ElementId { get; init; }
    public string? Name { get; init; }
    public string? CorrelationKey { get; init; }
    public string? MessageId { get; init; }
    public long TimeToLiveMilliseconds { get; init; }
    public string? Code { get; init; }
    public string? ErrorMessage { get; init; }
    public string? CalledProcessId { get; init; }
    public CallBinding Binding { get; init; }
    public string? VersionTag { get; init; }
    public ParentLinkData? Parent { get; init; }

    /// <summary>
    /// A thrown message's or signal's, or a child's, depth of instances started by one another (Engine:Limits:MaxCallDepth);
    /// 0 for what came from outside. Rows written before depths were kept read as 0.
    /// </summary>
    public int Depth { get; init; }

    /// <summary>A message published again because the receiver it was resolved to no longer waited: it holds its id already.</summary>
    public bool Republished { get; init; }

    /// <summary>The variables as a JSON object (numbers kept as text, see <see cref="OutboxVariables"/>).</summary>
    public string? Variables { get; init; }

    /// <summary>A message publication (or a delivery of one: the same fields, with a target).</summary>
    public static OutboxWork For(PublishedMessage message, IReadOnlyList<KeyValuePair<string, FeelValue>>? variables, int depth = 0) => new()
    {
        Depth = depth,
        Name = message.Name,
        CorrelationKey = message.CorrelationKey,
        MessageId = message.MessageId,
        TimeToLiveMilliseconds = (long)message.TimeToLive.TotalMilliseconds,
        Variables = OutboxVariables.Write(variables),
    };

    public PublishedMessage ToMessage() => new(Name!, CorrelationKey ?? "", MessageId, TimeSpan.FromMilliseconds(TimeToLiveMilliseconds));

    /// <summary>A call activity's request for its child; <paramref name="callerDefinitionKey"/> resolves the deployment binding.</summary>
    public static OutboxWork For(ChildInstanceRequested child, long callerDefinitionKey) => new()
    {
        TargetInstanceKey = child.ChildInstanceKey,
        ElementInstanceKey = child.ElementInstanceKey,
        ElementId = child.ElementId,
        DefinitionKey = callerDefinitionKey,
        CalledProcessId = child.CalledProcessId,
        Binding = child.Binding,
        VersionTag = child.VersionTag,
        Parent = ParentLinkData.From(child.Parent),
        Variables = OutboxVariables.Write(child.Variables),
        Depth = child.Depth,
    };

    public ChildInstanceRequested ToChildRequest() => new(TargetInstanceKey, ElementInstanceKey!.Value, ElementId!, CalledProcessId!, Binding, VersionTag,
        OutboxVariables.Read(Variables), Parent!.ToLink(), Depth);

    public static OutboxWork For(ParentChildWork work) => new()
    {
        TargetInstanceKey = work.TargetInstanceKey,
        ElementInstanceKey = work.CallActivityInstanceKey,
        Code = work.Code,
        ErrorMessage = work.ErrorMessage,
        Variables = OutboxVariables.Write(work.Variables),
    };

    // Rows written before the call activity's key was kept for a cancellation carry none; a cancellation needs none.
    public ParentChildWork ToParentChildWork(ParentChildWorkKind kind) =>
        new(kind, TargetInstanceKey, ElementInstanceKey ?? 0, Code, ErrorMessage, OutboxVariables.Read(Variables));

    public string Serialize() => JsonSerializer.Serialize(this, Options);

    public static OutboxWork Deserialize(string payload) =>
        JsonSerializer.Deserialize<OutboxWork>(payload, Options) ?? throw new InvalidOperationException("Empty outbox payload.");

    private static readonly JsonSerializerOptions Options = new() { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };
}

internal sealed record ParentLinkData(long ProcessInstanceKey, long ElementInstanceKey, string ElementId, IReadOnlyList<string> CatchableErrorCodes,
    bool CatchesAllErrors)
{
    public static ParentLinkData From(ParentLink link) =>
        new(link.ProcessInstanceKey, link.ElementInstanceKey, link.ElementId, link.CatchableErrorCodes, link.CatchesAllErrors);

    public ParentLink ToLink() => new(ProcessInstanceKey, ElementInstanceKey, ElementId, CatchableErrorCodes, CatchesAllErrors);
}

/// <summary>Variables to and from a JSON object, through FEEL's JSON mapping (exact numbers, temporal values as text).</summary>
internal static class OutboxVariables
{
    public static string Write(IReadOnlyList<KeyValuePair<string, FeelValue>>? variables)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (name, value) in variables ?? [])
            {
                writer.WritePropertyName(name);
                FeelJson.Write(writer, value);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    public static IReadOnlyList<KeyValuePair<string, FeelValue>> Read(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return [];
        }

        using var document = JsonDocument.Parse(json);
        return [.. document.RootElement.EnumerateObject().Select(p => new KeyValuePair<string, FeelValue>(p.Name, FeelJson.FromJson(p.Value)))];
    }
}
