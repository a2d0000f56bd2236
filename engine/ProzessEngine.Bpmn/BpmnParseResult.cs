using System.Collections.Immutable;
using ProzessEngine.Bpmn.Model;

namespace ProzessEngine.Bpmn;

/// <summary>
/// The executable processes of one BPMN resource, or every problem that prevents deploying it. Warnings name what
/// deploys but may not do what the modeller expects (an element no flow reaches, an attribute the engine ignores as
/// Camunda 8 does); they never stop a deployment.
/// </summary>
public sealed record BpmnParseResult(ImmutableArray<ProcessModel> Processes, ImmutableArray<BpmnDiagnostic> Errors)
{
    public ImmutableArray<BpmnDiagnostic> Warnings { get; init; } = [];

    public bool Success => Errors.IsEmpty;

    /// <summary>
    /// Reading stopped at <see cref="BpmnParserOptions.MaxParseTime"/>: the one error says how long it took, which depends
    /// on how busy the node was, so the same model may pass another time and the result must not be kept for it.
    /// </summary>
    public bool TimedOut { get; init; }
}
