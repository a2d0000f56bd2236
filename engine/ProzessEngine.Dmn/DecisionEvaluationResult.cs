using ProzessEngine.Feel;

namespace ProzessEngine.Dmn;

/// <summary>
/// The outcome of evaluating one decision: its output and, for the audit trail, every decision evaluated on the way
/// (required decisions first, the evaluated decision last) with inputs and matched rules.
/// </summary>
public sealed record DecisionEvaluationResult(
    string DecisionId,
    FeelValue Output,
    IReadOnlyList<EvaluatedDecision> EvaluatedDecisions,
    DecisionEvaluationFailure? Failure)
{
    public bool Succeeded => Failure is null;

    /// <summary>
    /// Runtime problems that did not stop the evaluation: FEEL warnings ("no variable 'x'") and every error the
    /// failure names first. For the audit trail and for diagnosing a null result.
    /// </summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}

/// <summary>DecisionType is DECISION_TABLE, LITERAL_EXPRESSION, CONTEXT, RELATION, LIST, INVOCATION, ... as in Camunda's API.</summary>
public sealed record EvaluatedDecision(
    string DecisionId,
    string DecisionName,
    string DecisionType,
    FeelValue Output,
    IReadOnlyList<EvaluatedInput> Inputs,
    IReadOnlyList<MatchedRule> MatchedRules);

public sealed record EvaluatedInput(string InputId, string InputName, FeelValue Value);

/// <summary>RuleIndex counts from 1, as Camunda's API does.</summary>
public sealed record MatchedRule(string RuleId, int RuleIndex, IReadOnlyList<EvaluatedOutput> Outputs);

public sealed record EvaluatedOutput(string OutputId, string OutputName, FeelValue Value);

/// <summary>Why a decision failed at run time, naming the decision (and the rules, for a violated hit policy).</summary>
public sealed record DecisionEvaluationFailure(string DecisionId, string Message, IReadOnlyList<string> RuleIds);
