using ProzessEngine.Feel.Numbers;

namespace ProzessEngine.Feel.Builtins.Lists;

internal sealed class StddevFunction : BuiltinFunction
{
    public override string Name => "stddev";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } = [Signature(Stddev, VarArgs.ListOrItems, "list")];

    private static FeelValue Stddev(BuiltinCall call)
    {
        if (!call.List(0, out var list) || !ListArguments.Numbers(call, list, out var numbers))
        {
            return FeelValue.Null;
        }

        if (numbers.Length < 2)
        {
            return call.Fail("needs at least two numbers");
        }

        var sum = ListArguments.Sum(call, numbers);
        if (sum.IsNull || !FeelNumber.TryDivide(sum.Number, FeelNumber.FromInt64(numbers.Length), out var mean))
        {
            return FeelValue.Null;
        }

        var squares = FeelNumber.Zero;
        foreach (var number in numbers)
        {
            FeelNumber.TrySubtract(number, mean, out var deviation);
            FeelNumber.TryMultiply(deviation, deviation, out var square);
            if (!FeelNumber.TryAdd(squares, square, out squares))
            {
                return call.Fail("out of range");
            }
        }

        if (!FeelNumber.TryDivide(squares, FeelNumber.FromInt64(numbers.Length - 1), out var variance) || !FeelMath.TrySqrt(variance, out var deviationResult))
        {
            return call.Fail("out of range");
        }

        return FeelValue.FromNumber(deviationResult);
    }
}
