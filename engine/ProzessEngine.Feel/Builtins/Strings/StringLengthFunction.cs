namespace ProzessEngine.Feel.Builtins.Strings;

internal sealed class StringLengthFunction : BuiltinFunction
{
    public override string Name => "string length";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } = [Signature(Length, "string")];

    private static FeelValue Length(BuiltinCall call) =>
        call.String(0, out var text) ? FeelValue.FromNumber(CodePoints.Count(text)) : FeelValue.Null;
}
