using ProzessEngine.Feel.Runtime;

namespace ProzessEngine.Feel.Builtins.Lists;

internal sealed class AllFunction : BuiltinFunction
{
    public override string Name => "all";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } = [Signature(call => Decide(call, false), VarArgs.ListOrItems, "list")];

    /// <summary>all (decisive = false) or any (decisive = true) over booleans; other items give null with a warning.</summary>
    public static FeelValue Decide(BuiltinCall call, bool decisive)
    {
        if (!call.List(0, out var list))
        {
            return FeelValue.Null;
        }

        var undecided = false;
        foreach (var item in list.AsSpan())
        {
            if (item.Kind == FeelValueKind.Boolean)
            {
                if (item.BooleanValue == decisive)
                {
                    return FeelValue.FromBoolean(decisive);
                }
            }
            else if (item.IsNull)
            {
                undecided = true;
            }
            else
            {
                return call.Fail($"list items must be booleans, found {FeelFormatter.Describe(item)}");
            }
        }

        return undecided ? FeelValue.Null : FeelValue.FromBoolean(!decisive);
    }
}
