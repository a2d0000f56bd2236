namespace ProzessEngine.Feel.Builtins.Lists;

internal sealed class SublistFunction : BuiltinFunction
{
    public override string Name => "sublist";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } =
    [
        Signature(Sublist, "list", "start position"),
        Signature(Sublist, "list", "start position", "length"),
        Signature(Sublist, "list", "start"),
        Signature(Sublist, "list", "start", "length"),
    ];

    private static FeelValue Sublist(BuiltinCall call)
    {
        if (!call.List(0, out var list) || !call.Integer(1, out var start))
        {
            return FeelValue.Null;
        }

        if (!ListArguments.Index(start, list.Count, out var first))
        {
            return call.Fail($"start position {start} is outside the list of {list.Count} item(s)");
        }

        var length = list.Count - first;
        if (call.Count > 2 && !call[2].IsNull)
        {
            if (!call.Integer(2, out var requested))
            {
                return FeelValue.Null;
            }

            if (requested < 0 || first + requested > list.Count)
            {
                return call.Fail($"length {requested} goes beyond the list of {list.Count} item(s)");
            }

            length = requested;
        }

        return FeelValue.FromOwnedArray(list.AsSpan().Slice(first, length).ToArray());
    }
}
