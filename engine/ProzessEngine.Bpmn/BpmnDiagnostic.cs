namespace ProzessEngine.Bpmn;

/// <summary>A problem found in a model: the element at fault (when there is one), what is wrong, and where.</summary>
public sealed record BpmnDiagnostic(string? ElementId, string Message, int? Line = null, int? Column = null)
{
    public override string ToString()
    {
        var where = Line is null ? "" : $" (line {Line}, column {Column})";
        return ElementId is null ? $"{Message}{where}" : $"Element '{ElementId}': {Message}{where}";
    }
}
