using ProzessEngine.Feel.Runtime;
using ProzessEngine.Feel.Values;

namespace ProzessEngine.Feel.Builtins.Lists;

internal sealed class FlattenFunction : BuiltinFunction
{
    public override string Name => "flatten";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } = [Signature(Flatten, "list")];

    private static FeelValue Flatten(BuiltinCall call)
    {
        if (!call.List(0, out var list))
        {
            return FeelValue.Null;
        }

        var result = new List<FeelValue>();
        Add(list, result, call.Evaluation);
        return FeelValue.FromOwnedArray([.. result]);
    }

    private static void Add(FeelList list, List<FeelValue> result, EvalContext context)
    {
        foreach (var item in list.AsSpan())
        {
            context.Step();
            if (item.Kind == FeelValueKind.List)
            {
                Add(item.List, result, context);
            }
            else
            {
                result.Add(item);
                if (result.Count > context.Options.MaxListLength)
                {
                    // Nested lists can share items, so the flat list can be far longer than the nested one.
                    context.CheckList(result.Count, 0);
                }
            }
        }
    }
}
