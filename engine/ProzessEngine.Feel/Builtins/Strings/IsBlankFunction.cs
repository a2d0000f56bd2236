namespace ProzessEngine.Feel.Builtins.Strings;

internal sealed class IsBlankFunction : BuiltinFunction
{
    public override string Name => "is blank";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } = [Signature(IsBlank, "string")];

    private static FeelValue IsBlank(BuiltinCall call) =>
        call.String(0, out var text) ? FeelValue.FromBoolean(string.IsNullOrWhiteSpace(text)) : FeelValue.Null;
}
