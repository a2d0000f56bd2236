using ProzessEngine.Feel.Numbers;

namespace ProzessEngine.Feel.Builtins.Lists;

internal sealed class MeanFunction : BuiltinFunction
{
    public override string Name => "mean";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } = [Signature(Mean, VarArgs.ListOrItems, "list")];

    private static FeelValue Mean(BuiltinCall call)
    {
        if (!call.List(0, out var list) || !ListArguments.Numbers(call, list, out var numbers))
        {
            return FeelValue.Null;
        }

        if (numbers.Length == 0)
        {
            return FeelValue.Null;
        }

        var sum = ListArguments.Sum(call, numbers);
        return sum.IsNull || !FeelNumber.TryDivide(sum.Number, FeelNumber.FromInt64(numbers.Length), out var mean)
            ? FeelValue.Null
            : FeelValue.FromNumber(mean);
    }
}
