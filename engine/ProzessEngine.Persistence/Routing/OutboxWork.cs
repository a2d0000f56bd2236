using System.Text;
using System.Text.Json;
using ProzessEngine.Bpmn.Model;
using ProzessEngine.Core.State;
using ProzessEngine.Feel;

namespace ProzessEngine.Persistence.Routing;

/// <summary>The kinds of work the outbox carries from one committed command to the next.</summary>
internal static class OutboxKinds
{
    public const string StartChild = "start-child";
    public const string CancelChild = "cancel-child";
    public const string ChildCompleted = "child-completed";
    public const string ChildError = "child-error";
    public const string ChildEscalation = "child-escalation";
    public const string PublishMessage = "publish-message";
    public const string MatchBufferedMessage = "match-buffered-message";
    public const string DeliverMessage = "deliver-message";
    public const string BroadcastSignal = "broadcast-signal";
    public const string DeliverSignal = "deliver-signal";
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

    /// <summary>The variables as a JSON object (numbers kept as text, see <see cref="OutboxVariables"/>).</summary>
    public string? Variables { get; init; }

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
