using System.Collections.Immutable;
using ProzessEngine.Bpmn.Model;

namespace ProzessEngine.Bpmn;

/// <summary>The executable processes of one BPMN resource, or every problem that prevents deploying it.</summary>
public sealed record BpmnParseResult(ImmutableArray<ProcessModel> Processes, ImmutableArray<BpmnDiagnostic> Errors)
{
    public bool Success => Errors.IsEmpty;
}
