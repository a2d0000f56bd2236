using ProzessEngine.Feel.Runtime;

namespace ProzessEngine.Feel.Builtins.Lists;

internal sealed class MinFunction : BuiltinFunction
{
    public override string Name => "min";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } = [Signature(call => Extreme(call, -1), VarArgs.ListOrItems, "list")];

    /// <summary>The smallest (direction -1) or largest (+1) item; items must be comparable with each other.</summary>
    public static FeelValue Extreme(BuiltinCall call, int direction)
    {
        if (!call.List(0, out var list))
        {
            return FeelValue.Null;
        }

        if (list.Count == 0)
        {
            return FeelValue.Null;
        }

        var best = list[0];
        foreach (var item in list.AsSpan())
        {
            var order = FeelEquality.Compare(item, best);
            if (order is null)
            {
                return call.Fail($"cannot compare {FeelFormatter.Describe(item)} with {FeelFormatter.Describe(best)}");
            }

            if (order * direction > 0)
            {
                best = item;
            }
        }

        return best;
    }
}
