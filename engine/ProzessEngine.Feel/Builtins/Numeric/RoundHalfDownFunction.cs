using ProzessEngine.Feel.Numbers;

namespace ProzessEngine.Feel.Builtins.Numeric;

internal sealed class RoundHalfDownFunction : BuiltinFunction
{
    public override string Name => "round half down";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } = [Signature(call => Rounding.Round(call, FeelRounding.HalfDown), "n", "scale")];
}
