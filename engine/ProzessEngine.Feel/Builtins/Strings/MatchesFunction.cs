namespace ProzessEngine.Feel.Builtins.Strings;

internal sealed class MatchesFunction : BuiltinFunction
{
    public override string Name => "matches";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } =
    [
        Signature(Matches, "input", "pattern"),
        Signature(Matches, "input", "pattern", "flags"),
    ];

    private static FeelValue Matches(BuiltinCall call)
    {
        if (!call.String(0, out var input) || !call.String(1, out var pattern) || !call.OptionalString(2, out var flags))
        {
            return FeelValue.Null;
        }

        if (!XPathRegex.TryCreate(pattern, flags, call.Evaluation.RemainingTime, out var regex, out var error))
        {
            return call.Fail(error);
        }

        return FeelValue.FromBoolean(regex.IsMatch(input));
    }
}
