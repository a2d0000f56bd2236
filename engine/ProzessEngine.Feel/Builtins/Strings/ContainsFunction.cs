namespace ProzessEngine.Feel.Builtins.Strings;

internal sealed class ContainsFunction : BuiltinFunction
{
    public override string Name => "contains";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } = [Signature(Contains, "string", "match")];

    private static FeelValue Contains(BuiltinCall call) =>
        call.String(0, out var text) && call.String(1, out var match)
            ? FeelValue.FromBoolean(text.Contains(match, StringComparison.Ordinal))
            : FeelValue.Null;
}
