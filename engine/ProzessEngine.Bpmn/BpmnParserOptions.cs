namespace ProzessEngine.Bpmn;

public sealed record BpmnParserOptions
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

    /// <summary>
    /// Rejects loops that never reach a wait state (straight-through processing loops), as Camunda 8 does. Off only
    /// when reading definitions that were deployed already (<see cref="BpmnParser.ParseStored"/>): their instances
    /// keep running, bounded by the runtime's limits.
    /// </summary>
    public bool RejectStraightThroughLoops { get; init; } = true;
}
