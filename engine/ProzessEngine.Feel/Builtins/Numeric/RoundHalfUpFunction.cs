using ProzessEngine.Feel.Numbers;

namespace ProzessEngine.Feel.Builtins.Numeric;

internal sealed class RoundHalfUpFunction : BuiltinFunction
{
    public override string Name => "round half up";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } = [Signature(call => Rounding.Round(call, FeelRounding.HalfUp), "n", "scale")];
}
