using ProzessEngine.Feel.Numbers;

namespace ProzessEngine.Feel.Builtins.Lists;

internal sealed class MedianFunction : BuiltinFunction
{
    public override string Name => "median";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } = [Signature(Median, VarArgs.ListOrItems, "list")];

    private static FeelValue Median(BuiltinCall call)
    {
        if (!call.List(0, out var list) || !ListArguments.Numbers(call, list, out var numbers))
        {
            return FeelValue.Null;
        }

        if (numbers.Length == 0)
        {
            return FeelValue.Null;
        }

        Array.Sort(numbers);
        var middle = numbers.Length / 2;
        if (numbers.Length % 2 == 1)
        {
            return FeelValue.FromNumber(numbers[middle]);
        }

        FeelNumber.TryAdd(numbers[middle - 1], numbers[middle], out var sum);
        FeelNumber.TryDivide(sum, FeelNumber.FromInt64(2), out var median);
        return FeelValue.FromNumber(median);
    }
}
