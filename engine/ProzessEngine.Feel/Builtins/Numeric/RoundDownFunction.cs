using ProzessEngine.Feel.Numbers;

namespace ProzessEngine.Feel.Builtins.Numeric;

internal sealed class RoundDownFunction : BuiltinFunction
{
    public override string Name => "round down";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } = [Signature(call => Rounding.Round(call, FeelRounding.TowardZero), "n", "scale")];
}
