using ProzessEngine.Feel.Runtime;
using ProzessEngine.Feel.Values;

namespace ProzessEngine.Feel.Builtins.Lists;

internal sealed class ConcatenateFunction : BuiltinFunction
{
    public override string Name => "concatenate";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } =
    [
        Signature(Concatenate, VarArgs.Collect, "list"),
        Signature(Concatenate, VarArgs.Collect, "lists"),
    ];

    private static FeelValue Concatenate(BuiltinCall call)
    {
        if (!call.List(0, out var lists))
        {
            return FeelValue.Null;
        }

        var count = 0L;
        var size = 2L;
        foreach (var list in lists.AsSpan())
        {
            if (list.Kind != FeelValueKind.List)
            {
                return call.Fail($"arguments must be lists, found {FeelFormatter.Describe(list)}");
            }

            count += list.List.Count;
            size = FeelSize.Add(size, list.List.Size);
        }

        // Checked before copying: concatenate(l, l) in a recursion doubles a list with every call.
        call.Evaluation.CheckList(count, size);
        var result = new List<FeelValue>((int)count);
        foreach (var list in lists.AsSpan())
        {
            result.AddRange(list.List);
        }

        return FeelValue.FromOwnedArray([.. result]);
    }
}
