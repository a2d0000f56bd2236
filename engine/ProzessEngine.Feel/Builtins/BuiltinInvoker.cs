using ProzessEngine.Feel.Runtime;

namespace ProzessEngine.Feel.Builtins;

/// <summary>Chooses the signature of a built-in for the given arguments and invokes it.</summary>
internal static class BuiltinInvoker
{
    public static FeelValue InvokePositional(BuiltinFunction function, ReadOnlySpan<FeelValue> arguments, EvalContext context, int position)
    {
        var signature = function.FindPositional(arguments.Length);
        if (signature is null)
        {
            return NoMatch(function, $"{arguments.Length} argument(s)", context, position);
        }

        return Invoke(function, signature, ArrangePositional(signature, arguments), context, position);
    }

    public static FeelValue InvokeNamed(BuiltinFunction function, ReadOnlySpan<string> names, ReadOnlySpan<FeelValue> arguments, EvalContext context, int position)
    {
        var nameList = names.ToArray();
        var signature = function.FindNamed(nameList);
        if (signature is null)
        {
            return NoMatch(function, $"parameters {string.Join(", ", nameList)}", context, position);
        }

        var arranged = new FeelValue[signature.Parameters.Length];
        for (var i = 0; i < nameList.Length; i++)
        {
            arranged[Array.IndexOf(signature.Parameters, nameList[i])] = arguments[i];
        }

        return Invoke(function, signature, arranged, context, position);
    }

    public static FeelValue Invoke(BuiltinFunction function, BuiltinSignature signature, ReadOnlySpan<FeelValue> arguments, EvalContext context, int position) =>
        signature.Body(new BuiltinCall(arguments, signature, function.Name, context, position));

    public static FeelValue NoMatch(BuiltinFunction function, string given, EvalContext context, int position)
    {
        context.Warn($"no function '{function.Name}' with {given}; expected {function.DescribeSignatures()}", position);
        return FeelValue.Null;
    }

    public static ReadOnlySpan<FeelValue> ArrangePositional(BuiltinSignature signature, ReadOnlySpan<FeelValue> arguments)
    {
        switch (signature.VarArgs)
        {
            case VarArgs.Collect:
                var fixedCount = signature.Parameters.Length - 1;
                var arranged = new FeelValue[signature.Parameters.Length];
                arguments[..fixedCount].CopyTo(arranged);
                arranged[fixedCount] = FeelValue.FromOwnedArray(arguments[fixedCount..].ToArray());
                return arranged;
            case VarArgs.ListOrItems when arguments.Length != 1:
                return new[] { FeelValue.FromOwnedArray(arguments.ToArray()) };
            default:
                return arguments;
        }
    }
}

/// <summary>A built-in used as a value (passed to sort, stored in a context).</summary>
internal sealed class BuiltinFunctionValue(BuiltinFunction function) : FeelFunction
{
    public BuiltinFunction Function { get; } = function;

    public override string DisplayName => Function.Name;

    public override bool AcceptsArity(int count) => Function.FindPositional(count) is not null;

    public override FeelValue Invoke(ReadOnlySpan<FeelValue> arguments, EvalContext context, int position) =>
        BuiltinInvoker.InvokePositional(Function, arguments, context, position);

    public override FeelValue InvokeNamed(ReadOnlySpan<string> names, ReadOnlySpan<FeelValue> arguments, EvalContext context, int position) =>
        BuiltinInvoker.InvokeNamed(Function, names, arguments, context, position);
}
