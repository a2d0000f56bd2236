using ProzessEngine.Feel.Numbers;

namespace ProzessEngine.Feel.Builtins.Numeric;

internal sealed class ExpFunction : BuiltinFunction
{
    public override string Name => "exp";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } = [Signature(Exp, "number")];

    private static FeelValue Exp(BuiltinCall call)
    {
        if (!call.Number(0, out var number))
        {
            return FeelValue.Null;
        }

        return FeelMath.TryExp(number, out var exp) ? FeelValue.FromNumber(exp) : call.Fail($"exp({number}) is out of range");
    }
}
