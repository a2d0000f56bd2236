using ProzessEngine.Feel.Runtime;

namespace ProzessEngine.Feel.Builtins.Lists;

internal sealed class ConcatenateFunction : BuiltinFunction
{
    public override string Name => "concatenate";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } =
    [
        Signature(Concatenate, VarArgs.Collect, "list"),
        Signature(Concatenate, VarArgs.Collect, "lists"),
    ];

    private static FeelValue Concatenate(BuiltinCall call)
    {
        if (!call.List(0, out var lists))
        {
            return FeelValue.Null;
        }

        var result = new List<FeelValue>();
        foreach (var list in lists.AsSpan())
        {
            if (list.Kind != FeelValueKind.List)
            {
                return call.Fail($"arguments must be lists, found {FeelFormatter.Describe(list)}");
            }

            result.AddRange(list.List);
        }

        return FeelValue.FromOwnedArray([.. result]);
    }
}
