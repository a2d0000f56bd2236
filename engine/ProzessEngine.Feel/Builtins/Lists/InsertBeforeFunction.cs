using ProzessEngine.Feel.Values;

namespace ProzessEngine.Feel.Builtins.Lists;

internal sealed class InsertBeforeFunction : BuiltinFunction
{
    public override string Name => "insert before";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } = [Signature(Insert, "list", "position", "newItem")];

    private static FeelValue Insert(BuiltinCall call)
    {
        if (!call.List(0, out var list) || !call.Integer(1, out var position))
        {
            return FeelValue.Null;
        }

        if (!ListArguments.Index(position, list.Count + (position > 0 ? 1 : 0), out var index))
        {
            return call.Fail($"position {position} is outside the list of {list.Count} item(s)");
        }

        call.Evaluation.CheckList(list.Count + 1L, FeelSize.Add(list.Size, FeelSize.Of(call[2]) + 1));
        var result = new List<FeelValue>(list);
        result.Insert(index, call[2]);
        return FeelValue.FromOwnedArray([.. result]);
    }
}
