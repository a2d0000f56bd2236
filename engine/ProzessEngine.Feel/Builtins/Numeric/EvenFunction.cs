namespace ProzessEngine.Feel.Builtins.Numeric;

internal sealed class EvenFunction : BuiltinFunction
{
    public override string Name => "even";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } = [Signature(call => OddFunction.Parity(call, 0), "number")];
}
