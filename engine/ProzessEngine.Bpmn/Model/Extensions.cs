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

/// <summary>Which version of a deployed resource a reference means (zeebe bindingType).</summary>
public enum BindingType
{
    /// <summary>The latest version when the reference is resolved.</summary>
    Latest,

    /// <summary>The version deployed together with the referencing process.</summary>
    Deployment,

    /// <summary>The latest version carrying the given version tag.</summary>
    VersionTag,
}

/// <summary>
/// zeebe:formDefinition. Exactly one of: a linked form (<see cref="FormId"/>, resolved by <see cref="Binding"/> when
/// the task is created), a form embedded in the process (zeebe:userTaskForm), a custom form key an application
/// understands, or an external reference (a link to a form elsewhere).
/// </summary>
public sealed record FormReference
{
    private FormReference()
    {
    }

    public string? FormId { get; private init; }
    public BindingType Binding { get; private init; }
    public string? VersionTag { get; private init; }
    public string? EmbeddedFormKey { get; private init; }
    public string? EmbeddedSchema { get; private init; }
    public string? CustomFormKey { get; private init; }
    public string? ExternalReference { get; private init; }

    public static FormReference Linked(string formId, BindingType binding = BindingType.Latest, string? versionTag = null) =>
        new() { FormId = formId, Binding = binding, VersionTag = versionTag };

    public static FormReference Embedded(string key, string schema) => new() { EmbeddedFormKey = key, EmbeddedSchema = schema };

    public static FormReference Custom(string formKey) => new() { CustomFormKey = formKey };

    public static FormReference External(string reference) => new() { ExternalReference = reference };
}

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

/// <summary>
/// zeebe:calledDecision: the DMN decision a business rule task evaluates in the engine. <see cref="DecisionId"/> may be
/// a FEEL expression; the decision is looked up when the task runs (as in Camunda 8), by <see cref="Binding"/>.
/// </summary>
public sealed record CalledDecision(ExpressionValue DecisionId, string ResultVariable, BindingType Binding, string? VersionTag);

/// <summary>zeebe:script: a FEEL expression whose result is stored in a variable.</summary>
public sealed record ScriptDefinition(ExpressionValue Expression, string ResultVariable);
