using ProzessEngine.Feel.Numbers;

namespace ProzessEngine.Feel.Builtins.Numeric;

internal sealed class RandomNumberFunction : BuiltinFunction
{
    public override string Name => "random number";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } = [Signature(_ => FeelValue.FromNumber(FeelNumber.FromDouble(Random.Shared.NextDouble())))];
}
