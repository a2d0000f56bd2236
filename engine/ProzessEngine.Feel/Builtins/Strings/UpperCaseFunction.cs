namespace ProzessEngine.Feel.Builtins.Strings;

internal sealed class UpperCaseFunction : BuiltinFunction
{
    public override string Name => "upper case";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } = [Signature(Upper, "string")];

    private static FeelValue Upper(BuiltinCall call) =>
        call.String(0, out var text) ? call.StringResult(0, text.ToUpperInvariant()) : FeelValue.Null;
}
