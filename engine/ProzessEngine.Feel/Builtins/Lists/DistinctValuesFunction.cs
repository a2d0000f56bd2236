namespace ProzessEngine.Feel.Builtins.Lists;

internal sealed class DistinctValuesFunction : BuiltinFunction
{
    public override string Name => "distinct values";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } = [Signature(Distinct, "list")];

    private static FeelValue Distinct(BuiltinCall call)
    {
        if (!call.List(0, out var list))
        {
            return FeelValue.Null;
        }

        var seen = new HashSet<FeelValue>();
        var result = new List<FeelValue>();
        foreach (var item in list.AsSpan())
        {
            if (seen.Add(item))
            {
                result.Add(item);
            }
        }

        return FeelValue.FromOwnedArray([.. result]);
    }
}
