using ProzessEngine.Dmn.Evaluation;
using ProzessEngine.Feel;

namespace ProzessEngine.Dmn.HitPolicies;

/// <summary>How a decision table turns its matched rules into a result. One class per hit policy.</summary>
internal abstract class HitPolicy
{
    /// <summary>The hitPolicy attribute's value (with the aggregation for COLLECT: "COLLECT SUM").</summary>
    public abstract string Name { get; }

    /// <summary>FIRST needs only the first match: the other rules are not tested.</summary>
    public virtual bool StopsAtFirstMatch => false;

    /// <summary>Whether the result is a list of rule outputs (or their aggregate).</summary>
    public virtual bool IsMultiple => false;

    public abstract FeelValue Combine(DecisionTable table, List<RuleHit> hits, EvaluationRun run);

    /// <summary>Single-hit tables give the default outputs, or null; multi-hit tables give null as well (DMN 1.5 8.2.11).</summary>
    public virtual FeelValue NoMatch(DecisionTable table, IFeelVariables scope, EvaluationRun run) => table.Defaults(scope, run);

    protected static string[] RuleIds(List<RuleHit> hits) => [.. hits.Select(h => h.Rule.Id)];

    protected static string RuleList(List<RuleHit> hits) => string.Join(", ", hits.Select(h => $"rule {h.Rule.Index} ({h.Rule.Id})"));

    /// <summary>
    /// Compares two hits by their output values' positions in the output columns' output values (earlier is higher
    /// priority); a value not listed comes last.
    /// </summary>
    protected static int ComparePriority(DecisionTable table, RuleHit left, RuleHit right)
    {
        for (var o = 0; o < table.Outputs.Count; o++)
        {
            var priorities = table.Outputs[o].Priorities;
            if (priorities.Count == 0)
            {
                continue;
            }

            var order = Rank(priorities, left.Columns[o]).CompareTo(Rank(priorities, right.Columns[o]));
            if (order != 0)
            {
                return order;
            }
        }

        return 0;
    }

    private static int Rank(IReadOnlyList<FeelUnaryTests> priorities, FeelValue value)
    {
        for (var i = 0; i < priorities.Count; i++)
        {
            if (priorities[i].Matches(value, FeelVariables.Empty) == true)
            {
                return i;
            }
        }

        return int.MaxValue;
    }
}

internal sealed class UniqueHitPolicy : HitPolicy
{
    public override string Name => "UNIQUE";

    public override FeelValue Combine(DecisionTable table, List<RuleHit> hits, EvaluationRun run)
    {
        if (hits.Count == 1)
        {
            return hits[0].Output;
        }

        run.Fail(table.OwnerId, $"{table.Owner}: hit policy UNIQUE violated, {hits.Count} rules match: {RuleList(hits)}", RuleIds(hits));
        return FeelValue.Null;
    }
}

internal sealed class AnyHitPolicy : HitPolicy
{
    public override string Name => "ANY";

    public override FeelValue Combine(DecisionTable table, List<RuleHit> hits, EvaluationRun run)
    {
        var first = hits[0].Output;
        foreach (var hit in hits)
        {
            if (!hit.Output.Equals(first))
            {
                run.Fail(table.OwnerId, $"{table.Owner}: hit policy ANY violated, matching rules give different outputs: {RuleList(hits)}", RuleIds(hits));
                return FeelValue.Null;
            }
        }

        return first;
    }
}

internal sealed class FirstHitPolicy : HitPolicy
{
    public override string Name => "FIRST";

    public override bool StopsAtFirstMatch => true;

    public override FeelValue Combine(DecisionTable table, List<RuleHit> hits, EvaluationRun run) => hits[0].Output;
}

internal sealed class PriorityHitPolicy : HitPolicy
{
    public override string Name => "PRIORITY";

    public override FeelValue Combine(DecisionTable table, List<RuleHit> hits, EvaluationRun run)
    {
        var best = hits[0];
        for (var i = 1; i < hits.Count; i++)
        {
            if (ComparePriority(table, hits[i], best) < 0)
            {
                best = hits[i];
            }
        }

        return best.Output;
    }
}

internal sealed class RuleOrderHitPolicy : HitPolicy
{
    public override string Name => "RULE ORDER";

    public override bool IsMultiple => true;

    public override FeelValue Combine(DecisionTable table, List<RuleHit> hits, EvaluationRun run) =>
        FeelValue.FromList(hits.Select(h => h.Output));

    public override FeelValue NoMatch(DecisionTable table, IFeelVariables scope, EvaluationRun run) => MultipleNoMatch(table, scope, run);

    internal static FeelValue MultipleNoMatch(DecisionTable table, IFeelVariables scope, EvaluationRun run) =>
        table.Defaults(scope, run) is { IsNull: false } defaults ? FeelValue.FromList([defaults]) : FeelValue.Null;
}

internal sealed class OutputOrderHitPolicy : HitPolicy
{
    public override string Name => "OUTPUT ORDER";

    public override bool IsMultiple => true;

    public override FeelValue Combine(DecisionTable table, List<RuleHit> hits, EvaluationRun run)
    {
        // A stable sort: rules of equal priority keep their order.
        var sorted = hits.Select((hit, index) => (hit, index)).ToList();
        sorted.Sort((a, b) => ComparePriority(table, a.hit, b.hit) is var order && order != 0 ? order : a.index.CompareTo(b.index));
        return FeelValue.FromList(sorted.Select(s => s.hit.Output));
    }

    public override FeelValue NoMatch(DecisionTable table, IFeelVariables scope, EvaluationRun run) => RuleOrderHitPolicy.MultipleNoMatch(table, scope, run);
}

/// <summary>COLLECT, and COLLECT with an aggregation (SUM, MIN, MAX, COUNT) computed by a FEEL built-in.</summary>
internal sealed class CollectHitPolicy(string? aggregation, FeelExpression? aggregate) : HitPolicy
{
    public const string ValuesName = "collected outputs";

    public override string Name => aggregation is null ? "COLLECT" : $"COLLECT {aggregation}";

    public string? Aggregation => aggregation;

    public override bool IsMultiple => true;

    public override FeelValue Combine(DecisionTable table, List<RuleHit> hits, EvaluationRun run)
    {
        var outputs = FeelValue.FromList(hits.Select(h => h.Output));
        if (aggregate is null)
        {
            return outputs;
        }

        var scope = new Scope(FeelVariables.Empty, 1);
        scope.Set(ValuesName, outputs);
        return aggregate.Evaluate(scope, run);
    }

    public override FeelValue NoMatch(DecisionTable table, IFeelVariables scope, EvaluationRun run) => aggregation switch
    {
        "COUNT" => FeelValue.FromNumber(0),
        null => RuleOrderHitPolicy.MultipleNoMatch(table, scope, run),
        _ => table.Defaults(scope, run),
    };
}
