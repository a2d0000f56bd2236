using ProzessEngine.Feel.Numbers;

namespace ProzessEngine.Feel.Builtins.Numeric;

internal sealed class DecimalFunction : BuiltinFunction
{
    public override string Name => "decimal";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } = [Signature(call => Rounding.Round(call, FeelRounding.HalfEven), "n", "scale")];
}
