using ProzessEngine.Feel;

namespace ProzessEngine.Dmn;

/// <summary>
/// One parsed DMN file: a decision requirements graph (the definitions element) and its decisions.
/// Immutable and thread-safe, so one instance serves every evaluation of a deployed version.
/// </summary>
public sealed class DmnModel
{
    private DmnModel()
    {
    }

    /// <summary>The definitions element's id: the decision requirements id.</summary>
    public string Id => throw new NotImplementedException();

    public string Name => throw new NotImplementedException();

    public string Namespace => throw new NotImplementedException();

    public IReadOnlyList<DmnDecisionInfo> Decisions => throw new NotImplementedException();

    /// <summary>
    /// Evaluates a decision and the decisions it requires. The output follows the DMN and Camunda rules: a single
    /// output is the value, several outputs form a context, collect-style hit policies give a list. A runtime failure
    /// (violated hit policy, type error) is a <see cref="DecisionEvaluationFailure"/>, never an exception.
    /// </summary>
    public DecisionEvaluationResult Evaluate(string decisionId, IFeelVariables variables, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException();
}

/// <summary>A decision of a model. VersionTag is Camunda's zeebe:versionTag extension, when set.</summary>
public sealed record DmnDecisionInfo(string Id, string Name, string? VersionTag);
