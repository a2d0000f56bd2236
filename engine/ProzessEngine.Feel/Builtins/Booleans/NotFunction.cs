using ProzessEngine.Feel.Runtime;

namespace ProzessEngine.Feel.Builtins.Booleans;

internal sealed class NotFunction : BuiltinFunction
{
    public override string Name => "not";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } = [Signature(Negate, "negand")];

    private static FeelValue Negate(BuiltinCall call) => call[0].Kind switch
    {
        FeelValueKind.Boolean => FeelValue.FromBoolean(!call[0].BooleanValue),
        FeelValueKind.Null => FeelValue.Null,
        _ => call.Fail($"parameter 'negand' must be a boolean, found {FeelFormatter.Describe(call[0])}"),
    };
}
