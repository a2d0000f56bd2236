using System.Collections.Immutable;

namespace ProzessEngine.Bpmn.Model;

/// <summary>zeebe:taskDefinition: the job type an element creates, and its retries.</summary>
public sealed record TaskDefinition(ExpressionValue Type, ExpressionValue Retries);

/// <summary>A job worker implementation: the task definition and the static headers the worker receives.</summary>
public sealed record JobWorker(TaskDefinition Definition, ImmutableArray<KeyValuePair<string, string>> Headers);

/// <summary>zeebe:assignmentDefinition. Candidate lists are comma-separated text or a FEEL list.</summary>
public sealed record Assignment(ExpressionValue? Assignee, ExpressionValue? CandidateGroups, ExpressionValue? CandidateUsers)
{
    public static Assignment None { get; } = new(null, null, null);
}

/// <summary>zeebe:formDefinition: a linked form by id, or a form embedded in the process (zeebe:userTaskForm).</summary>
public sealed record FormReference(string? FormId, string? EmbeddedFormKey, string? EmbeddedSchema);

/// <summary>One mapping; a null source maps the target to null.</summary>
public sealed record Mapping(ExpressionValue? Source, string Target);

/// <summary>zeebe:ioMapping: inputs create local variables on activation, outputs map results on completion.</summary>
public sealed record IoMapping(ImmutableArray<Mapping> Inputs, ImmutableArray<Mapping> Outputs)
{
    public static IoMapping Empty { get; } = new([], []);
    public bool HasInputs => !Inputs.IsDefaultOrEmpty;
    public bool HasOutputs => !Outputs.IsDefaultOrEmpty;
}

/// <summary>zeebe:loopCharacteristics of a multi-instance activity.</summary>
public sealed record MultiInstanceLoop(
    bool IsSequential,
    ExpressionValue InputCollection,
    string? InputElement,
    string? OutputCollection,
    ExpressionValue? OutputElement,
    ExpressionValue? CompletionCondition);

public enum CallBinding
{
    /// <summary>The latest version of the called process when the call activity is activated.</summary>
    Latest,

    /// <summary>The version deployed together with the calling process.</summary>
    Deployment,

    /// <summary>The latest version carrying <see cref="CalledElement.VersionTag"/>.</summary>
    VersionTag,
}

/// <summary>zeebe:calledElement of a call activity.</summary>
public sealed record CalledElement(
    ExpressionValue ProcessId,
    CallBinding Binding,
    string? VersionTag,
    bool PropagateAllChildVariables,
    bool PropagateAllParentVariables);

/// <summary>zeebe:script: a FEEL expression whose result is stored in a variable.</summary>
public sealed record ScriptDefinition(ExpressionValue Expression, string ResultVariable);
