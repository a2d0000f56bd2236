using ProzessEngine.Feel.Runtime;

namespace ProzessEngine.Feel.Builtins.Lists;

internal sealed class IndexOfFunction : BuiltinFunction
{
    public override string Name => "index of";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } = [Signature(IndexOf, "list", "match")];

    private static FeelValue IndexOf(BuiltinCall call)
    {
        if (!call.List(0, out var list))
        {
            return FeelValue.Null;
        }

        var positions = new List<FeelValue>();
        for (var i = 0; i < list.Count; i++)
        {
            if (FeelEquality.Equal(list[i], call[1]) == true)
            {
                positions.Add(FeelValue.FromNumber(i + 1));
            }
        }

        return FeelValue.FromOwnedArray([.. positions]);
    }
}
