namespace ProzessEngine.Feel.Builtins.Lists;

internal sealed class ReverseFunction : BuiltinFunction
{
    public override string Name => "reverse";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } = [Signature(Reverse, "list")];

    private static FeelValue Reverse(BuiltinCall call)
    {
        if (!call.List(0, out var list))
        {
            return FeelValue.Null;
        }

        var result = list.AsSpan().ToArray();
        Array.Reverse(result);
        return FeelValue.FromOwnedArray(result);
    }
}
