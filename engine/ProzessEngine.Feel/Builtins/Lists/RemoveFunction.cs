namespace ProzessEngine.Feel.Builtins.Lists;

internal sealed class RemoveFunction : BuiltinFunction
{
    public override string Name => "remove";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } = [Signature(Remove, "list", "position")];

    private static FeelValue Remove(BuiltinCall call)
    {
        if (!call.List(0, out var list) || !call.Integer(1, out var position))
        {
            return FeelValue.Null;
        }

        if (!ListArguments.Index(position, list.Count, out var index))
        {
            return call.Fail($"position {position} is outside the list of {list.Count} item(s)");
        }

        var result = new List<FeelValue>(list);
        result.RemoveAt(index);
        return FeelValue.FromOwnedArray([.. result]);
    }
}
