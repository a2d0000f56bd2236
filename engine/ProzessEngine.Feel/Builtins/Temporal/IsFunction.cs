using ProzessEngine.Feel.Runtime;

namespace ProzessEngine.Feel.Builtins.Temporal;

internal sealed class IsFunction : BuiltinFunction
{
    public override string Name => "is";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } = [Signature(Is, "value1", "value2")];

    private static FeelValue Is(BuiltinCall call) => FeelValue.FromBoolean(FeelEquality.Is(call[0], call[1]));
}
