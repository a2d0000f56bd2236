using ProzessEngine.Feel.Runtime;

namespace ProzessEngine.Feel.Builtins.Conversion;

internal sealed class StringFunction : BuiltinFunction
{
    public override string Name => "string";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } = [Signature(Convert, "from")];

    private static FeelValue Convert(BuiltinCall call) =>
        call[0].IsNull ? FeelValue.Null : FeelValue.FromString(FeelFormatter.ToFeelString(call[0]));
}
