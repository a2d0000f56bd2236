using ProzessEngine.Feel.Values;

namespace ProzessEngine.Feel.Builtins.Lists;

internal sealed class AppendFunction : BuiltinFunction
{
    public override string Name => "append";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } =
    [
        Signature(Append, VarArgs.Collect, "list", "item"),
        Signature(Append, VarArgs.Collect, "list", "items"),
    ];

    private static FeelValue Append(BuiltinCall call)
    {
        if (!call.List(0, out var list))
        {
            return FeelValue.Null;
        }

        var items = call[1].Kind == FeelValueKind.List ? call[1].List.AsSpan() : new[] { call[1] };
        call.Evaluation.CheckList((long)list.Count + items.Length, FeelSize.Add(list.Size, FeelSize.OfItems(items)));
        var result = new FeelValue[list.Count + items.Length];
        list.AsSpan().CopyTo(result);
        items.CopyTo(result.AsSpan(list.Count));
        return FeelValue.FromOwnedArray(result);
    }
}
