using System.Collections.Immutable;

namespace ProzessEngine.Bpmn.Model;

/// <summary>zeebe:taskDefinition: the job type a service task creates, and its retries.</summary>
public sealed record TaskDefinition(ExpressionValue Type, ExpressionValue Retries);

/// <summary>zeebe:assignmentDefinition. Candidate lists are comma-separated text or a FEEL list.</summary>
public sealed record Assignment(ExpressionValue? Assignee, ExpressionValue? CandidateGroups, ExpressionValue? CandidateUsers)
{
    public static Assignment None { get; } = new(null, null, null);
}

/// <summary>zeebe:formDefinition: a linked form by id, or a form embedded in the process (zeebe:userTaskForm).</summary>
public sealed record FormReference(string? FormId, string? EmbeddedFormKey, string? EmbeddedSchema);

public sealed record Mapping(ExpressionValue Source, string Target);

/// <summary>zeebe:ioMapping: inputs create local variables on activation, outputs map results on completion.</summary>
public sealed record IoMapping(ImmutableArray<Mapping> Inputs, ImmutableArray<Mapping> Outputs)
{
    public static IoMapping Empty { get; } = new([], []);
    public bool HasOutputs => !Outputs.IsDefaultOrEmpty;
}
