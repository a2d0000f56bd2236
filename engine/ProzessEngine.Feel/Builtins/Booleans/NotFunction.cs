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

internal sealed class IsDefinedFunction : BuiltinFunction
{
    public override string Name => "is defined";

    public override bool QuietArguments => true;

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } = [Signature(IsDefined, "value")];

    private static FeelValue IsDefined(BuiltinCall call) => FeelValue.FromBoolean(!call[0].IsNull);
}

internal sealed class GetOrElseFunction : BuiltinFunction
{
    public override string Name => "get or else";

    public override bool QuietArguments => true;

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } = [Signature(GetOrElse, "value", "default")];

    private static FeelValue GetOrElse(BuiltinCall call) => call[0].IsNull ? call[1] : call[0];
}

internal sealed class AssertFunction : BuiltinFunction
{
    public override string Name => "assert";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } =
    [
        Signature(Assert, "value", "condition"),
        Signature(Assert, "value", "condition", "cause"),
    ];

    private static FeelValue Assert(BuiltinCall call)
    {
        if (call[1].IsTrue)
        {
            return call[0];
        }

        var cause = call.Count > 2 && call[2].Kind == FeelValueKind.String ? call[2].StringValue : "condition is not true";
        return call.Fail($"assertion failed: {cause}");
    }
}
