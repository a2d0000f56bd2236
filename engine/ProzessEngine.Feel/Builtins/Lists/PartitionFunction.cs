namespace ProzessEngine.Feel.Builtins.Lists;

internal sealed class PartitionFunction : BuiltinFunction
{
    public override string Name => "partition";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } = [Signature(Partition, "list", "size")];

    private static FeelValue Partition(BuiltinCall call)
    {
        if (!call.List(0, out var list) || !call.Integer(1, out var size))
        {
            return FeelValue.Null;
        }

        if (size <= 0)
        {
            return call.Fail($"size must be greater than zero, was {size}");
        }

        var parts = new List<FeelValue>();
        for (var start = 0; start < list.Count; start += size)
        {
            parts.Add(FeelValue.FromOwnedArray(list.AsSpan().Slice(start, Math.Min(size, list.Count - start)).ToArray()));
        }

        return FeelValue.FromOwnedArray([.. parts]);
    }
}
