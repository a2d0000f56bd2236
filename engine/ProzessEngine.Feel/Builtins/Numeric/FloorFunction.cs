using ProzessEngine.Feel.Numbers;

namespace ProzessEngine.Feel.Builtins.Numeric;

internal sealed class FloorFunction : BuiltinFunction
{
    public override string Name => "floor";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } =
    [
        Signature(call => Rounding.Round(call, FeelRounding.Floor), "n"),
        Signature(call => Rounding.Round(call, FeelRounding.Floor), "n", "scale"),
    ];
}
