using ProzessEngine.Feel.Numbers;

namespace ProzessEngine.Feel.Builtins.Numeric;

internal sealed class RoundUpFunction : BuiltinFunction
{
    public override string Name => "round up";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } = [Signature(call => Rounding.Round(call, FeelRounding.AwayFromZero), "n", "scale")];
}
