using ProzessEngine.Feel.Numbers;

namespace ProzessEngine.Feel.Builtins.Numeric;

internal sealed class SqrtFunction : BuiltinFunction
{
    public override string Name => "sqrt";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } = [Signature(Sqrt, "number")];

    private static FeelValue Sqrt(BuiltinCall call)
    {
        if (!call.Number(0, out var number))
        {
            return FeelValue.Null;
        }

        return FeelMath.TrySqrt(number, out var root) ? FeelValue.FromNumber(root) : call.Fail($"no square root of {number}");
    }
}
