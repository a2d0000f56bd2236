namespace ProzessEngine.Feel.Builtins.Strings;

internal sealed class StartsWithFunction : BuiltinFunction
{
    public override string Name => "starts with";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } = [Signature(StartsWith, "string", "match")];

    private static FeelValue StartsWith(BuiltinCall call) =>
        call.String(0, out var text) && call.String(1, out var match)
            ? FeelValue.FromBoolean(text.StartsWith(match, StringComparison.Ordinal))
            : FeelValue.Null;
}
