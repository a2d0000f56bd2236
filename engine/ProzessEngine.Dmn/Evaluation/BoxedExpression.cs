using ProzessEngine.Dmn.Types;
using ProzessEngine.Feel;

namespace ProzessEngine.Dmn.Evaluation;

/// <summary>What a decision's evaluation records for the audit trail: the table's inputs and matched rules.</summary>
internal sealed class DecisionAudit
{
    public List<EvaluatedInput>? Inputs { get; set; }

    public List<MatchedRule>? MatchedRules { get; set; }
}

/// <summary>
/// A compiled boxed expression (DMN 1.5 chapter 10): every FEEL text in it was parsed when the model was read, so
/// evaluating it parses nothing. Immutable once built.
/// </summary>
internal abstract class BoxedExpression
{
    /// <summary>Camunda's decision type names: DECISION_TABLE, LITERAL_EXPRESSION, CONTEXT, ...</summary>
    public abstract string Kind { get; }

    /// <summary>The typeRef of the expression itself, when the model names one.</summary>
    public DmnType? Type { get; init; }

    /// <summary>Who owns the expression, for messages: "decision 'Fee' (id fee)".</summary>
    public required string Owner { get; init; }

    /// <summary>The id of the decision (or other DRG element) that owns the expression, for failures.</summary>
    public required string OwnerId { get; init; }

    public abstract FeelValue Evaluate(IFeelVariables scope, EvaluationRun run, DecisionAudit? audit);

    /// <summary>Checks a result against the expression's typeRef; a value that does not conform is null and a failure.</summary>
    protected FeelValue Typed(FeelValue value, EvaluationRun run, DmnType? type, string what)
    {
        if (type is null)
        {
            return value;
        }

        if (type.TryCoerce(value, out var coerced))
        {
            return coerced;
        }

        run.Fail(OwnerId, $"{Owner}: {what} {Describe(value)} is not of type '{type.Name}'");
        return FeelValue.Null;
    }

    internal static string Describe(FeelValue value)
    {
        var text = value.ToString();
        return text.Length > 200 ? string.Concat(text.AsSpan(0, 200), "...") : text;
    }

    internal static FeelValue Run(FeelExpression expression, IFeelVariables scope, EvaluationRun run) =>
        expression.Evaluate(scope, run);
}

/// <summary>A FEEL literal expression.</summary>
internal sealed class LiteralExpression : BoxedExpression
{
    public required FeelExpression Expression { get; init; }

    public override string Kind => "LITERAL_EXPRESSION";

    public override FeelValue Evaluate(IFeelVariables scope, EvaluationRun run, DecisionAudit? audit) =>
        Typed(Run(Expression, scope, run), run, Type, "the result");
}

/// <summary>A literal expression without text: its value is null (DMN allows an empty literal expression).</summary>
internal sealed class EmptyExpression : BoxedExpression
{
    public override string Kind => "LITERAL_EXPRESSION";

    public override FeelValue Evaluate(IFeelVariables scope, EvaluationRun run, DecisionAudit? audit) => FeelValue.Null;
}

/// <summary>A boxed context: each entry sees the entries before it; an entry without a variable is the result.</summary>
internal sealed class ContextExpression : BoxedExpression
{
    public required IReadOnlyList<(string? Name, DmnType? Type, BoxedExpression Value)> Entries { get; init; }

    public override string Kind => "CONTEXT";

    public override FeelValue Evaluate(IFeelVariables scope, EvaluationRun run, DecisionAudit? audit)
    {
        var local = new Scope(scope, Entries.Count);
        foreach (var (name, type, value) in Entries)
        {
            var result = value.Evaluate(local, run, null);
            if (name is null)
            {
                return Typed(result, run, Type, "the result");
            }

            local.Set(name, type is null ? result : Typed(result, run, type, $"context entry '{name}'"));
        }

        return Typed(local.ToContext(), run, Type, "the result");
    }
}

/// <summary>A boxed list.</summary>
internal sealed class ListExpression : BoxedExpression
{
    public required IReadOnlyList<BoxedExpression> Items { get; init; }

    public override string Kind => "LIST";

    public override FeelValue Evaluate(IFeelVariables scope, EvaluationRun run, DecisionAudit? audit)
    {
        var items = new FeelValue[Items.Count];
        for (var i = 0; i < items.Length; i++)
        {
            items[i] = Items[i].Evaluate(scope, run, null);
        }

        return Typed(FeelValue.FromList(items), run, Type, "the result");
    }
}

/// <summary>A relation: a list of contexts with the same columns.</summary>
internal sealed class RelationExpression : BoxedExpression
{
    public required IReadOnlyList<string> Columns { get; init; }

    public required IReadOnlyList<IReadOnlyList<BoxedExpression>> Rows { get; init; }

    public override string Kind => "RELATION";

    public override FeelValue Evaluate(IFeelVariables scope, EvaluationRun run, DecisionAudit? audit)
    {
        var rows = new FeelValue[Rows.Count];
        for (var r = 0; r < rows.Length; r++)
        {
            var row = Rows[r];
            var entries = new KeyValuePair<string, FeelValue>[Columns.Count];
            for (var c = 0; c < entries.Length; c++)
            {
                entries[c] = new(Columns[c], c < row.Count ? row[c].Evaluate(scope, run, null) : FeelValue.Null);
            }

            rows[r] = FeelValue.FromContext(entries);
        }

        return Typed(FeelValue.FromList(rows), run, Type, "the result");
    }
}

/// <summary>A boxed conditional (DMN 1.5): if, then, else.</summary>
internal sealed class ConditionalExpression : BoxedExpression
{
    public required BoxedExpression If { get; init; }

    public required BoxedExpression Then { get; init; }

    public required BoxedExpression Else { get; init; }

    public override string Kind => "CONDITIONAL";

    public override FeelValue Evaluate(IFeelVariables scope, EvaluationRun run, DecisionAudit? audit)
    {
        var condition = If.Evaluate(scope, run, null);
        if (!condition.IsNull && condition.Kind != FeelValueKind.Boolean)
        {
            run.Fail(OwnerId, $"{Owner}: the condition is {Describe(condition)}, not a boolean");
            return FeelValue.Null;
        }

        var branch = condition.TryGetBoolean(out var value) && value ? Then : Else;
        return Typed(branch.Evaluate(scope, run, null), run, Type, "the result");
    }
}

/// <summary>A boxed filter (DMN 1.5): the items of a list for which the match expression is true ('item' names one).</summary>
internal sealed class FilterExpression : BoxedExpression
{
    public required BoxedExpression In { get; init; }

    public required BoxedExpression Match { get; init; }

    public override string Kind => "FILTER";

    public override FeelValue Evaluate(IFeelVariables scope, EvaluationRun run, DecisionAudit? audit)
    {
        var source = In.Evaluate(scope, run, null);
        if (source.IsNull)
        {
            return FeelValue.Null;
        }

        var items = source.Kind == FeelValueKind.List ? source.AsList() : [source];
        var kept = new List<FeelValue>();
        foreach (var item in items)
        {
            var local = new Scope(scope, 1 + (item.Kind == FeelValueKind.Context ? item.AsContext().Count : 0));
            if (item.Kind == FeelValueKind.Context)
            {
                foreach (var entry in item.AsContext())
                {
                    local.Set(entry.Key, entry.Value);
                }
            }

            local.Set("item", item);
            var match = Match.Evaluate(local, run, null);
            if (!match.IsNull && match.Kind != FeelValueKind.Boolean)
            {
                run.Fail(OwnerId, $"{Owner}: the filter's match is {Describe(match)}, not a boolean");
                return FeelValue.Null;
            }

            if (match.TryGetBoolean(out var keep) && keep)
            {
                kept.Add(item);
            }
        }

        return Typed(FeelValue.FromList(kept), run, Type, "the result");
    }
}

/// <summary>A boxed iterator (DMN 1.5): for ... in ... return, some/every ... in ... satisfies.</summary>
internal sealed class IteratorExpression : BoxedExpression
{
    public required string Variable { get; init; }

    public required BoxedExpression In { get; init; }

    public required BoxedExpression Body { get; init; }

    /// <summary>"FOR", "SOME" or "EVERY".</summary>
    public required string Iterator { get; init; }

    public override string Kind => Iterator;

    public override FeelValue Evaluate(IFeelVariables scope, EvaluationRun run, DecisionAudit? audit)
    {
        var source = In.Evaluate(scope, run, null);
        if (source.Kind != FeelValueKind.List)
        {
            return FeelValue.Null;
        }

        var results = new List<FeelValue>();
        var partial = new List<FeelValue>();
        bool? quantified = Iterator == "SOME" ? false : true;
        foreach (var item in source.AsList())
        {
            var local = new Scope(scope, 2);
            local.Set(Variable, item);
            if (Iterator == "FOR")
            {
                local.Set("partial", FeelValue.FromList(partial));
            }

            var value = Body.Evaluate(local, run, null);
            if (Iterator == "FOR")
            {
                results.Add(value);
                partial.Add(value);
                continue;
            }

            if (!value.IsNull && value.Kind != FeelValueKind.Boolean)
            {
                run.Fail(OwnerId, $"{Owner}: the {Iterator.ToLowerInvariant()} expression's condition is {Describe(value)}, not a boolean");
                return FeelValue.Null;
            }

            var satisfied = value.TryGetBoolean(out var b) ? b : (bool?)null;
            quantified = Iterator == "SOME"
                ? (quantified == true || satisfied == true ? true : quantified == null || satisfied == null ? null : false)
                : (quantified == false || satisfied == false ? false : quantified == null || satisfied == null ? null : true);
        }

        var result = Iterator == "FOR" ? FeelValue.FromList(results) : quantified is { } q ? FeelValue.FromBoolean(q) : FeelValue.Null;
        return Typed(result, run, Type, "the result");
    }
}
