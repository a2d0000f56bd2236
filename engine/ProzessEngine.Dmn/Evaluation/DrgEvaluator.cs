using ProzessEngine.Dmn.Model;
using ProzessEngine.Dmn.Types;
using ProzessEngine.Feel;

namespace ProzessEngine.Dmn.Evaluation;

/// <summary>Evaluates decisions with their requirements: input data, required decisions (each once), knowledge.</summary>
internal static class DrgEvaluator
{
    public static FeelValue EvaluateDecision(DecisionNode decision, IFeelVariables variables, EvaluationRun run)
    {
        if (run.TryGetResult(decision, out var known))
        {
            return known;
        }

        run.CancellationToken.ThrowIfCancellationRequested();
        if (!run.BeginDecision(decision))
        {
            run.Fail(decision.Id, $"{decision.Describe} requires itself");
            return FeelValue.Null;
        }

        var scope = variables;
        var layer = decision.RequiredInputs.Count + decision.RequiredDecisions.Count + decision.RequiredKnowledge.Count;
        if (layer > 0)
        {
            var local = new Scope(variables, layer);
            var imported = default(Dictionary<string, List<KeyValuePair<string, FeelValue>>>);
            foreach (var input in decision.RequiredInputs)
            {
                var value = InputValue(input, decision.ImportPrefixes.GetValueOrDefault(input), variables, run, decision);
                Bind(local, ref imported, decision, input, value);
            }

            foreach (var required in decision.RequiredDecisions)
            {
                Bind(local, ref imported, decision, required, EvaluateDecision(required, variables, run));
            }

            foreach (var knowledge in decision.RequiredKnowledge)
            {
                Bind(local, ref imported, decision, knowledge, knowledge.Function);
            }

            if (imported is not null)
            {
                foreach (var (prefix, entries) in imported)
                {
                    local.Set(prefix, FeelValue.FromContext(entries));
                }
            }

            scope = local;
        }

        var audit = new DecisionAudit();
        var result = FeelValue.Null;
        if (decision.CompileError is { } error)
        {
            run.Fail(decision.Id, error);
        }
        else if (decision.Logic is { } logic)
        {
            result = logic.Evaluate(scope, run, audit);
        }

        if (decision.Type is { } type)
        {
            if (type.TryCoerce(result, out var coerced))
            {
                result = coerced;
            }
            else
            {
                run.Fail(decision.Id, $"{decision.Describe}: the result {BoxedExpression.Describe(result)} is not of type '{type.Name}'");
                result = FeelValue.Null;
            }
        }

        run.Record(new EvaluatedDecision(
            decision.Id,
            decision.Name,
            decision.Logic?.Kind ?? "NONE",
            result,
            audit.Inputs ?? (IReadOnlyList<EvaluatedInput>)[],
            audit.MatchedRules ?? (IReadOnlyList<MatchedRule>)[]));
        run.EndDecision(decision, result);
        return result;
    }

    /// <summary>
    /// An input data's value from the variables, checked against its type: imported ones under their import's name;
    /// one that is not given by name may come in a context under its model's namespace (nested imports).
    /// </summary>
    public static FeelValue InputValue(InputDataNode input, string? prefix, IFeelVariables variables, EvaluationRun run, DecisionNode? decision)
    {
        FeelValue value;
        if (prefix is not null)
        {
            value = variables.TryGetValue(prefix, out var context) && context.TryGetContextEntry(input.Name, out var entry) ? entry : FeelValue.Null;
        }
        else if (!variables.TryGetValue(input.Name, out value)
            && !(input.ModelNamespace.Length > 0
                && variables.TryGetValue(input.ModelNamespace, out var byNamespace)
                && byNamespace.TryGetContextEntry(input.Name, out value)))
        {
            value = FeelValue.Null;
        }

        if (input.Type is { } type && !type.TryCoerce(value, out value))
        {
            run.Fail(decision?.Id ?? input.Id, $"{(decision is null ? string.Empty : decision.Describe + ": ")}input data '{input.Name}' is not of type '{type.Name}'");
            return FeelValue.Null;
        }

        return value;
    }

    private static void Bind(Scope scope, ref Dictionary<string, List<KeyValuePair<string, FeelValue>>>? imported, DecisionNode decision, DrgElement element, FeelValue value)
    {
        if (decision.ImportPrefixes.Count == 0 || !decision.ImportPrefixes.TryGetValue(element, out var prefix))
        {
            scope.Set(element.Name, value);
            return;
        }

        imported ??= new(StringComparer.Ordinal);
        if (!imported.TryGetValue(prefix, out var entries))
        {
            imported[prefix] = entries = [];
        }

        entries.Add(new(element.Name, value));
    }

    /// <summary>
    /// A decision service: its input decisions and input data are given (as parameters or variables), its output
    /// decisions evaluated; one output decision gives its value, several a context by decision name.
    /// </summary>
    public static FeelValue EvaluateService(DecisionServiceNode service, IFeelVariables variables, EvaluationRun parent)
    {
        var run = parent.Child();
        foreach (var given in service.InputDecisions)
        {
            run.EndDecision(given, variables.TryGetValue(given.Name, out var value) ? value : FeelValue.Null);
        }

        var inputs = new Scope(variables is IFeelTypes ? new TypedOnly(variables) : FeelVariables.Empty, service.InputData.Count);
        foreach (var input in service.InputData)
        {
            inputs.Set(input.Name, variables.TryGetValue(input.Name, out var value) ? value : FeelValue.Null);
        }

        FeelValue result;
        if (service.OutputDecisions.Count == 1)
        {
            result = EvaluateDecision(service.OutputDecisions[0], inputs, run);
        }
        else
        {
            var entries = new KeyValuePair<string, FeelValue>[service.OutputDecisions.Count];
            for (var i = 0; i < entries.Length; i++)
            {
                var output = service.OutputDecisions[i];
                entries[i] = new(output.Name, EvaluateDecision(output, inputs, run));
            }

            result = FeelValue.FromContext(entries);
        }

        if (service.Type is { } type && type is not BuiltinType { Kind: FeelValueKind.Function } && !type.TryCoerce(result, out result))
        {
            run.Fail(service.Id, $"decision service '{service.Name}' ({service.Id}): the result is not of type '{type.Name}'");
            return FeelValue.Null;
        }

        return result;
    }
}

/// <summary>The types of a set of variables without its names: a decision service sees only its parameters.</summary>
internal sealed class TypedOnly(IFeelVariables source) : IFeelVariables, IFeelTypes
{
    public bool TryGetValue(string name, out FeelValue value)
    {
        value = FeelValue.Null;
        return false;
    }

    public bool? IsInstance(FeelValue value, string typeName) => (source as IFeelTypes)?.IsInstance(value, typeName);
}
