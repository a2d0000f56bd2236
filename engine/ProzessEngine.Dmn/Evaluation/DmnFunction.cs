using ProzessEngine.Dmn.Types;
using ProzessEngine.Feel;

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

    public IReadOnlyList<DmnParameter> Parameters => _parameters;

    public int IndexOf(string parameter)
    {
        for (var i = 0; i < _parameters.Count; i++)
        {
            if (string.Equals(_parameters[i].Name, parameter, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

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
/// A boxed invocation: the callee's name and bindings by parameter name. A function of the model (BKM, decision
/// service) is called directly with the bindings matched to its parameters; any other function value (a FEEL lambda,
/// a built-in) through a FEEL call with named arguments, compiled with the model.
/// </summary>
internal sealed class InvocationExpression : BoxedExpression
{
    public required FeelExpression Callee { get; init; }

    public required string CalleeName { get; init; }

    /// <summary>The call as FEEL text with named arguments, when the parameter names allow it.</summary>
    public FeelExpression? Call { get; init; }

    public required IReadOnlyList<(string Parameter, string Argument, BoxedExpression? Value)> Bindings { get; init; }

    public override string Kind => "INVOCATION";

    public override FeelValue Evaluate(IFeelVariables scope, EvaluationRun run, DecisionAudit? audit)
    {
        var callee = Run(Callee, scope, run);
        var local = new Scope(scope, Bindings.Count);
        foreach (var (_, argument, value) in Bindings)
        {
            local.Set(argument, value?.Evaluate(scope, run, null) ?? FeelValue.Null);
        }

        if (callee.TryGetCustomFunction(out var custom) && custom is DmnFunction function)
        {
            var arguments = new FeelValue[function.Parameters.Count];
            foreach (var (parameter, argument, _) in Bindings)
            {
                var index = function.IndexOf(parameter);
                if (index < 0)
                {
                    run.Fail(OwnerId, $"{Owner}: '{CalleeName}' has no parameter '{parameter}'");
                    return FeelValue.Null;
                }

                local.TryGetValue(argument, out arguments[index]);
            }

            return Typed(function.Call(arguments, run), run, Type, "the result");
        }

        if (callee.Kind != FeelValueKind.Function || Call is null)
        {
            run.Fail(OwnerId, $"{Owner}: '{CalleeName}' is {(callee.Kind == FeelValueKind.Function ? "a function that cannot be called with these parameter names" : "not a function")}");
            return FeelValue.Null;
        }

        return Typed(Run(Call, local, run), run, Type, "the result");
    }
}
