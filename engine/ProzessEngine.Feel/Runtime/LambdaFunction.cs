using ProzessEngine.Feel.Compilation;

namespace ProzessEngine.Feel.Runtime;

/// <summary>A function defined in an expression: function(a, b) body. It closes over the scope it was created in, and
/// over the variables of that evaluation: a function returned by one evaluation and called in another (a DMN business
/// knowledge model returning a lambda) still sees the names it was written against.</summary>
internal sealed class LambdaFunction(string[] parameters, Func<FeelValue, bool>?[] parameterTypes, Evaluator body, Scope? closure, IFeelVariables variables) : FeelFunction
{
    public override string DisplayName => $"function({string.Join(", ", parameters)})";

    public int ParameterCount => parameters.Length;

    public override bool AcceptsArity(int count) => count == parameters.Length;

    public override FeelValue Invoke(ReadOnlySpan<FeelValue> arguments, EvalContext context, int position)
    {
        if (arguments.Length > parameters.Length)
        {
            context.Warn($"{DisplayName} takes {parameters.Length} argument(s), got {arguments.Length}", position);
            return FeelValue.Null;
        }

        var values = new FeelValue[parameters.Length];
        arguments.CopyTo(values);
        return Call(values, context, position);
    }

    public override FeelValue InvokeNamed(ReadOnlySpan<string> names, ReadOnlySpan<FeelValue> arguments, EvalContext context, int position)
    {
        var values = new FeelValue[parameters.Length];
        for (var i = 0; i < names.Length; i++)
        {
            var index = Array.IndexOf(parameters, names[i]);
            if (index < 0)
            {
                context.Warn($"{DisplayName} has no parameter '{names[i]}'", position);
                return FeelValue.Null;
            }

            values[index] = arguments[i];
        }

        return Call(values, context, position);
    }

    private FeelValue Call(FeelValue[] values, EvalContext context, int position)
    {
        for (var i = 0; i < values.Length; i++)
        {
            if (parameterTypes[i] is { } check && !values[i].IsNull && !check(values[i]))
            {
                context.Warn($"argument '{parameters[i]}' of {DisplayName} has the wrong type: {FeelFormatter.Describe(values[i])}", position);
                return FeelValue.Null;
            }
        }

        var saved = context.Scope;
        var savedVariables = context.SwapVariables(variables);
        context.EnterCall();
        context.Scope = new VariablesScope(closure, parameters, values);
        try
        {
            return body(context);
        }
        finally
        {
            context.Scope = saved;
            context.SwapVariables(savedVariables);
            context.ExitCall();
        }
    }
}
