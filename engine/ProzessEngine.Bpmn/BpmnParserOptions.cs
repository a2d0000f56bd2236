namespace ProzessEngine.Bpmn;

public sealed class BpmnParserOptions
{
    /// <summary>Upper bound for the XML text; larger uploads are rejected before parsing.</summary>
    public long MaxCharacters { get; init; } = 10_000_000;

    /// <summary>Upper bound for the number of flow elements in one process.</summary>
    public int MaxElements { get; init; } = 10_000;
}
