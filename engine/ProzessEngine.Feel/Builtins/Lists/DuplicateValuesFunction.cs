namespace ProzessEngine.Feel.Builtins.Lists;

internal sealed class DuplicateValuesFunction : BuiltinFunction
{
    public override string Name => "duplicate values";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } = [Signature(Duplicates, "list")];

    private static FeelValue Duplicates(BuiltinCall call)
    {
        if (!call.List(0, out var list))
        {
            return FeelValue.Null;
        }

        var seen = new HashSet<FeelValue>();
        var reported = new HashSet<FeelValue>();
        var result = new List<FeelValue>();
        foreach (var item in list.AsSpan())
        {
            if (!seen.Add(item) && reported.Add(item))
            {
                result.Add(item);
            }
        }

        return FeelValue.FromOwnedArray([.. result]);
    }
}
