namespace ProzessEngine.Feel.Builtins.Strings;

internal sealed class TrimFunction : BuiltinFunction
{
    public override string Name => "trim";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } = [Signature(Trim, "string")];

    private static FeelValue Trim(BuiltinCall call) =>
        call.String(0, out var text) ? call.StringResult(0, text.Trim()) : FeelValue.Null;
}
