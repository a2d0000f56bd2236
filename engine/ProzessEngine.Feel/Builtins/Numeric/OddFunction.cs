using ProzessEngine.Feel.Numbers;

namespace ProzessEngine.Feel.Builtins.Numeric;

internal sealed class OddFunction : BuiltinFunction
{
    public override string Name => "odd";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } = [Signature(call => Parity(call, 1), "number")];

    public static FeelValue Parity(BuiltinCall call, int remainder)
    {
        if (!call.Number(0, out var number))
        {
            return FeelValue.Null;
        }

        if (!number.IsInteger)
        {
            return FeelValue.False;
        }

        FeelNumber.TryModulo(number, FeelNumber.FromInt64(2), out var rest);
        return FeelValue.FromBoolean(rest == FeelNumber.FromInt64(remainder));
    }
}
