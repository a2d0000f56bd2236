using ProzessEngine.Feel;
using ProzessEngine.Dmn.Types;

namespace ProzessEngine.Dmn.Evaluation;

/// <summary>A formal parameter of a business knowledge model, function definition or decision service.</summary>
internal sealed record DmnParameter(string Name, DmnType? Type);

/// <summary>
/// A function the model defines (business knowledge model, boxed function definition, decision service), handed to
/// FEEL as a function value: expressions call it by name with positional or named arguments.
/// </summary>
internal sealed class DmnFunction : FeelCustomFunction
{
    /// <summary>Deep enough for honest recursion (the TCK's factorial), shallow enough to stop a runaway.</summary>
    private const int MaxDepth = 256;

    private readonly IReadOnlyList<DmnParameter> _parameters;
    private readonly Func<IFeelVariables, EvaluationRun, FeelValue> _body;
    private readonly IFeelVariables _outer;
    private readonly string _ownerId;

    public DmnFunction(string name, string ownerId, IReadOnlyList<DmnParameter> parameters, Func<IFeelVariables, EvaluationRun, FeelValue> body, IFeelVariables outer)
    {
        Name = name;
        _ownerId = ownerId;
        _parameters = parameters;
        _body = body;
        _outer = outer;
        Signatures = [new FeelFunctionSignature([.. parameters.Select(p => p.Name)])];
    }

    public override string Name { get; }

    public override IReadOnlyList<FeelFunctionSignature> Signatures { get; }

    public override FeelValue Invoke(FeelFunctionCall invocation)
    {
        var run = EvaluationRun.Current ?? new EvaluationRun(CancellationToken.None);
        return Call(invocation.Arguments, run);
    }

    public FeelValue Call(IReadOnlyList<FeelValue> arguments, EvaluationRun run)
    {
        run.CancellationToken.ThrowIfCancellationRequested();
        if (run.Depth >= MaxDepth)
        {
            run.Fail(_ownerId, $"{Name}: calls nested deeper than {MaxDepth} levels");
            return FeelValue.Null;
        }

        var scope = new Scope(_outer, _parameters.Count);
        for (var i = 0; i < _parameters.Count; i++)
        {
            var parameter = _parameters[i];
            var value = i < arguments.Count ? arguments[i] : FeelValue.Null;
            if (parameter.Type is { } type)
            {
                if (!type.TryCoerce(value, out var coerced))
                {
                    run.Fail(_ownerId, $"{Name}: argument '{parameter.Name}' {BoxedExpression.Describe(value)} is not of type '{type.Name}'");
                    return FeelValue.Null;
                }

                value = coerced;
            }

            scope.Set(parameter.Name, value);
        }

        run.Depth++;
        try
        {
            return _body(scope, run);
        }
        finally
        {
            run.Depth--;
        }
    }
}

/// <summary>A boxed function definition (kind FEEL): its value is a function closed over the names it sees.</summary>
internal sealed class FunctionDefinitionExpression : BoxedExpression
{
    public required IReadOnlyList<DmnParameter> Parameters { get; init; }

    public required BoxedExpression Body { get; init; }

    public override string Kind => "FUNCTION_DEFINITION";

    public override FeelValue Evaluate(IFeelVariables scope, EvaluationRun run, DecisionAudit? audit) =>
        FeelValue.FromFunction(new DmnFunction("function", OwnerId, Parameters, (s, r) => Body.Evaluate(s, r, null), scope));
}

/// <summary>
/// A boxed invocation: the callee's name and bindings by parameter name. It is compiled to one FEEL call with named
/// arguments, so business knowledge models, FEEL lambdas and built-ins are called the same way.
/// </summary>
internal sealed class InvocationExpression : BoxedExpression
{
    public required FeelExpression Call { get; init; }

    public required IReadOnlyList<(string Argument, BoxedExpression? Value)> Bindings { get; init; }

    public override string Kind => "INVOCATION";

    public override FeelValue Evaluate(IFeelVariables scope, EvaluationRun run, DecisionAudit? audit)
    {
        var local = new Scope(scope, Bindings.Count);
        foreach (var (argument, value) in Bindings)
        {
            local.Set(argument, value?.Evaluate(scope, run, null) ?? FeelValue.Null);
        }

        return Typed(Run(Call, local, run), run, Type, "the result");
    }
}
