namespace ProzessEngine.Feel.Builtins.Booleans;

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
