namespace ProzessEngine.Feel.Builtins.Strings;

internal sealed class EndsWithFunction : BuiltinFunction
{
    public override string Name => "ends with";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } = [Signature(EndsWith, "string", "match")];

    private static FeelValue EndsWith(BuiltinCall call) =>
        call.String(0, out var text) && call.String(1, out var match)
            ? FeelValue.FromBoolean(text.EndsWith(match, StringComparison.Ordinal))
            : FeelValue.Null;
}
