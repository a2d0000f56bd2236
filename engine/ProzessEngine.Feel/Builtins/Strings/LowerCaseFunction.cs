namespace ProzessEngine.Feel.Builtins.Strings;

internal sealed class LowerCaseFunction : BuiltinFunction
{
    public override string Name => "lower case";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } = [Signature(Lower, "string")];

    private static FeelValue Lower(BuiltinCall call) =>
        call.String(0, out var text) ? call.StringResult(0, text.ToLowerInvariant()) : FeelValue.Null;
}
