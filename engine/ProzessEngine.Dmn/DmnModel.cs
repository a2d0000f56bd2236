using ProzessEngine.Dmn.Evaluation;
using ProzessEngine.Dmn.Model;
using ProzessEngine.Feel;

namespace ProzessEngine.Dmn;

/// <summary>
/// One parsed DMN file: a decision requirements graph (the definitions element) and its decisions.
/// Immutable and thread-safe, so one instance serves every evaluation of a deployed version.
/// </summary>
public sealed class DmnModel
{
    private readonly Dictionary<string, DecisionNode> _decisionsById;

    internal DmnModel(Definitions definitions)
    {
        Definitions = definitions;
        _decisionsById = definitions.Decisions.ToDictionary(d => d.Id, StringComparer.Ordinal);
        Decisions = [.. definitions.Decisions.Select(d => new DmnDecisionInfo(d.Id, d.Name, d.VersionTag))];
    }

    internal Definitions Definitions { get; }

    /// <summary>The definitions element's id: the decision requirements id.</summary>
    public string Id => Definitions.Id;

    public string Name => Definitions.Name;

    public string Namespace => Definitions.Namespace;

    public IReadOnlyList<DmnDecisionInfo> Decisions { get; }

    /// <summary>
    /// Evaluates a decision and the decisions it requires. The output follows the DMN and Camunda rules: a single
    /// output is the value, several outputs form a context, collect-style hit policies give a list. A runtime failure
    /// (violated hit policy, type error) is a <see cref="DecisionEvaluationFailure"/>, never an exception.
    /// </summary>
    public DecisionEvaluationResult Evaluate(string decisionId, IFeelVariables variables, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(decisionId);
        ArgumentNullException.ThrowIfNull(variables);
        if (!_decisionsById.TryGetValue(decisionId, out var decision))
        {
            return new DecisionEvaluationResult(
                decisionId,
                FeelValue.Null,
                [],
                new DecisionEvaluationFailure(decisionId, $"the model '{Id}' has no decision with id '{decisionId}'", []));
        }

        return Run(decision.Id, run => DrgEvaluator.EvaluateDecision(decision, variables, run), cancellationToken);
    }

    /// <summary>Evaluates a decision found by its name (the DMN TCK names decisions so).</summary>
    internal DecisionEvaluationResult EvaluateByName(string name, IFeelVariables variables, CancellationToken cancellationToken = default)
    {
        var decision = Definitions.Decisions.FirstOrDefault(d => d.Name == name);
        return decision is null
            ? new DecisionEvaluationResult(name, FeelValue.Null, [], new DecisionEvaluationFailure(name, $"no decision named '{name}'", []))
            : Evaluate(decision.Id, variables, cancellationToken);
    }

    /// <summary>Evaluates a decision service found by its name or id, with its inputs taken from the variables.</summary>
    internal DecisionEvaluationResult EvaluateService(string nameOrId, IFeelVariables variables, CancellationToken cancellationToken = default)
    {
        var service = Definitions.Invocables.OfType<DecisionServiceNode>().FirstOrDefault(s => s.Name == nameOrId || s.Id == nameOrId);
        return service is null
            ? new DecisionEvaluationResult(nameOrId, FeelValue.Null, [], new DecisionEvaluationFailure(nameOrId, $"no decision service named '{nameOrId}'", []))
            : Run(service.Id, run => DrgEvaluator.EvaluateService(service, variables, run), cancellationToken);
    }

    private static DecisionEvaluationResult Run(string id, Func<EvaluationRun, FeelValue> evaluate, CancellationToken cancellationToken)
    {
        var run = new EvaluationRun(cancellationToken);
        FeelValue output;
        using (run.Enter())
        {
            output = evaluate(run);
        }

        return new DecisionEvaluationResult(id, output, run.Evaluated, run.Failure) { Warnings = run.Warnings };
    }
}

/// <summary>A decision of a model. VersionTag is Camunda's zeebe:versionTag extension, when set.</summary>
public sealed record DmnDecisionInfo(string Id, string Name, string? VersionTag);
