namespace ProzessEngine.Bpmn;

public sealed class BpmnParserOptions
{
    /// <summary>Upper bound for the XML text; larger uploads are rejected before parsing.</summary>
    public long MaxCharacters { get; init; } = 10_000_000;

    /// <summary>Upper bound for the number of flow elements in one process (nested ones included).</summary>
    public int MaxElements { get; init; } = 10_000;

    /// <summary>
    /// The business calendar ids a model may name (<c>prozessengine:calendar</c>), compared ignoring case; null
    /// skips the check. The host passes <c>BusinessCalendarRegistry.Ids</c>.
    /// </summary>
    public IReadOnlyCollection<string>? KnownCalendarIds { get; init; }
}
