using ProzessEngine.Dmn.HitPolicies;
using ProzessEngine.Dmn.Types;
using ProzessEngine.Feel;

namespace ProzessEngine.Dmn.Evaluation;

internal sealed record TableInput(string Id, string Name, FeelExpression Expression, DmnType? Type, FeelUnaryTests? AllowedValues);

/// <summary>An output column. Priorities are its output values one by one, for PRIORITY and OUTPUT ORDER.</summary>
internal sealed record TableOutput(string Id, string Name, DmnType? Type, FeelUnaryTests? AllowedValues, IReadOnlyList<FeelUnaryTests> Priorities, FeelExpression? Default);

/// <summary>A rule; an input entry of "-" (or empty) is null: it matches anything without evaluating.</summary>
internal sealed record TableRule(string Id, int Index, FeelUnaryTests?[] Inputs, FeelExpression[] Outputs);

/// <summary>A matched rule and its output: the value of the single output column, or a context of all columns.</summary>
internal readonly record struct RuleHit(TableRule Rule, FeelValue Output, FeelValue[] Columns);

/// <summary>A decision table. Inputs are evaluated once; rules are tested in order; the hit policy combines the hits.</summary>
internal sealed class DecisionTable : BoxedExpression
{
    public required IReadOnlyList<TableInput> Inputs { get; init; }

    public required IReadOnlyList<TableOutput> Outputs { get; init; }

    public required IReadOnlyList<TableRule> Rules { get; init; }

    public required HitPolicy HitPolicy { get; init; }

    /// <summary>True when the table has exactly one output column: its value is the result, not a context.</summary>
    public bool SingleOutput => Outputs.Count == 1;

    public override string Kind => "DECISION_TABLE";

    public override FeelValue Evaluate(IFeelVariables scope, EvaluationRun run, DecisionAudit? audit)
    {
        var values = new FeelValue[Inputs.Count];
        if (audit is not null)
        {
            audit.Inputs = new List<EvaluatedInput>(Inputs.Count);
        }

        for (var i = 0; i < values.Length; i++)
        {
            var input = Inputs[i];
            var value = Run(input.Expression, scope, run);
            if (input.Type is { } type)
            {
                if (!type.TryCoerce(value, out var coerced))
                {
                    run.Fail(OwnerId, $"{Owner}: input '{input.Name}' is {Describe(value)}, which is not of type '{type.Name}'");
                    return FeelValue.Null;
                }

                value = coerced;
            }

            if (input.AllowedValues is { } allowed && !value.IsNull && allowed.Matches(value, scope, run) != true)
            {
                run.Fail(OwnerId, $"{Owner}: input '{input.Name}' is {Describe(value)}, which is not one of its input values ({allowed.Text})");
                return FeelValue.Null;
            }

            values[i] = value;
            audit?.Inputs!.Add(new EvaluatedInput(input.Id, input.Name, value));
        }

        var hits = new List<RuleHit>(HitPolicy.StopsAtFirstMatch ? 1 : 4);
        foreach (var rule in Rules)
        {
            if (!Matches(rule, values, scope, run))
            {
                continue;
            }

            if (!TryOutputs(rule, scope, run, out var hit))
            {
                return FeelValue.Null;
            }

            hits.Add(hit);
            if (HitPolicy.StopsAtFirstMatch)
            {
                break;
            }
        }

        if (audit is not null)
        {
            audit.MatchedRules = new List<MatchedRule>(hits.Count);
            foreach (var hit in hits)
            {
                var outputs = new EvaluatedOutput[Outputs.Count];
                for (var o = 0; o < outputs.Length; o++)
                {
                    outputs[o] = new EvaluatedOutput(Outputs[o].Id, Outputs[o].Name, hit.Columns[o]);
                }

                audit.MatchedRules.Add(new MatchedRule(hit.Rule.Id, hit.Rule.Index, outputs));
            }
        }

        var result = hits.Count == 0 ? HitPolicy.NoMatch(this, scope, run) : HitPolicy.Combine(this, hits, run);
        return Typed(result, run, Type, "the result");
    }

    private static bool Matches(TableRule rule, FeelValue[] values, IFeelVariables scope, EvaluationRun run)
    {
        var tests = rule.Inputs;
        for (var i = 0; i < tests.Length; i++)
        {
            if (tests[i] is { } test && test.Matches(values[i], scope, run) != true)
            {
                return false;
            }
        }

        return true;
    }

    private bool TryOutputs(TableRule rule, IFeelVariables scope, EvaluationRun run, out RuleHit hit)
    {
        var columns = new FeelValue[Outputs.Count];
        for (var o = 0; o < columns.Length; o++)
        {
            var value = Run(rule.Outputs[o], scope, run);
            if (!TryCheckOutput(Outputs[o], ref value, $"rule {rule.Index} ({rule.Id})", scope, run))
            {
                hit = default;
                return false;
            }

            columns[o] = value;
        }

        hit = new RuleHit(rule, Combine(columns), columns);
        return true;
    }

    public bool TryCheckOutput(TableOutput output, ref FeelValue value, string where, IFeelVariables scope, EvaluationRun run)
    {
        if (output.Type is { } type)
        {
            if (!type.TryCoerce(value, out var coerced))
            {
                run.Fail(OwnerId, $"{Owner}: {where}, output '{output.Name}' is {Describe(value)}, which is not of type '{type.Name}'");
                return false;
            }

            value = coerced;
        }

        if (output.AllowedValues is { } allowed && !value.IsNull && allowed.Matches(value, scope, run) != true)
        {
            run.Fail(OwnerId, $"{Owner}: {where}, output '{output.Name}' is {Describe(value)}, which is not one of its output values ({allowed.Text})");
            return false;
        }

        return true;
    }

    /// <summary>One output column gives its value; several give a context named by the columns.</summary>
    public FeelValue Combine(FeelValue[] columns)
    {
        if (SingleOutput)
        {
            return columns[0];
        }

        var entries = new KeyValuePair<string, FeelValue>[columns.Length];
        for (var o = 0; o < columns.Length; o++)
        {
            entries[o] = new(Outputs[o].Name, columns[o]);
        }

        return FeelValue.FromContext(entries);
    }

    /// <summary>The outputs' default entries when no rule matched, or null when no output has one.</summary>
    public FeelValue Defaults(IFeelVariables scope, EvaluationRun run)
    {
        var any = false;
        var columns = new FeelValue[Outputs.Count];
        for (var o = 0; o < columns.Length; o++)
        {
            if (Outputs[o].Default is { } expression)
            {
                any = true;
                var value = Run(expression, scope, run);
                columns[o] = TryCheckOutput(Outputs[o], ref value, "default output", scope, run) ? value : FeelValue.Null;
            }
        }

        return any ? Combine(columns) : FeelValue.Null;
    }
}
