using ProzessEngine.Feel.Numbers;

namespace ProzessEngine.Feel.Builtins.Numeric;

internal sealed class ModuloFunction : BuiltinFunction
{
    public override string Name => "modulo";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } = [Signature(Modulo, "dividend", "divisor")];

    private static FeelValue Modulo(BuiltinCall call)
    {
        if (!call.Number(0, out var dividend) || !call.Number(1, out var divisor))
        {
            return FeelValue.Null;
        }

        if (divisor.IsZero)
        {
            return call.Fail("division by zero");
        }

        return FeelNumber.TryModulo(dividend, divisor, out var result) ? FeelValue.FromNumber(result) : call.Fail("out of range");
    }
}
