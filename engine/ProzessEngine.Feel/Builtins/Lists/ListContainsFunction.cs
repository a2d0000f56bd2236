using ProzessEngine.Feel.Runtime;

namespace ProzessEngine.Feel.Builtins.Lists;

internal sealed class ListContainsFunction : BuiltinFunction
{
    public override string Name => "list contains";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } = [Signature(Contains, "list", "element")];

    private static FeelValue Contains(BuiltinCall call)
    {
        if (!call.List(0, out var list))
        {
            return FeelValue.Null;
        }

        foreach (var item in list.AsSpan())
        {
            if (FeelEquality.Equal(item, call[1]) == true)
            {
                return FeelValue.True;
            }
        }

        return FeelValue.False;
    }
}
