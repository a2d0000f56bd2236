namespace ProzessEngine.Feel.Builtins.Strings;

internal sealed class SubstringBeforeFunction : BuiltinFunction
{
    public override string Name => "substring before";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } = [Signature(Before, "string", "match")];

    private static FeelValue Before(BuiltinCall call)
    {
        if (!call.String(0, out var text) || !call.String(1, out var match))
        {
            return FeelValue.Null;
        }

        var index = text.IndexOf(match, StringComparison.Ordinal);
        return FeelValue.FromString(index < 0 ? string.Empty : text[..index]);
    }
}
