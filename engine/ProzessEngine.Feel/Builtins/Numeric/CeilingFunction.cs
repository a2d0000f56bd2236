using ProzessEngine.Feel.Numbers;

namespace ProzessEngine.Feel.Builtins.Numeric;

internal sealed class CeilingFunction : BuiltinFunction
{
    public override string Name => "ceiling";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } =
    [
        Signature(call => Rounding.Round(call, FeelRounding.Ceiling), "n"),
        Signature(call => Rounding.Round(call, FeelRounding.Ceiling), "n", "scale"),
    ];
}
