using ProzessEngine.Feel.Runtime;

namespace ProzessEngine.Feel.Builtins.Lists;

internal sealed class ListReplaceFunction : BuiltinFunction
{
    public override string Name => "list replace";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } =
    [
        Signature(Replace, "list", "position", "newItem"),
        Signature(Replace, "list", "match", "newItem"),
    ];

    private static FeelValue Replace(BuiltinCall call)
    {
        if (!call.List(0, out var list))
        {
            return FeelValue.Null;
        }

        var result = list.AsSpan().ToArray();
        if (call[1].Kind == FeelValueKind.Function)
        {
            var match = call[1].Function;
            if (!match.AcceptsArity(2))
            {
                return call.Fail("parameter 'match' must be a function of two parameters");
            }

            var arguments = new FeelValue[2];
            for (var i = 0; i < result.Length; i++)
            {
                arguments[0] = result[i];
                arguments[1] = call[2];
                var decision = match.Invoke(arguments, call.Evaluation, call.Position);
                if (decision.Kind != FeelValueKind.Boolean)
                {
                    return call.Fail($"'match' must return a boolean, returned {FeelFormatter.Describe(decision)}");
                }

                if (decision.BooleanValue)
                {
                    result[i] = call[2];
                }
            }

            return FeelValue.FromOwnedArray(result);
        }

        if (!call.Integer(1, out var position))
        {
            return FeelValue.Null;
        }

        if (!ListArguments.Index(position, result.Length, out var index))
        {
            return call.Fail($"position {position} is outside the list of {result.Length} item(s)");
        }

        result[index] = call[2];
        return FeelValue.FromOwnedArray(result);
    }
}
