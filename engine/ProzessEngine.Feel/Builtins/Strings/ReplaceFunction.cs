namespace ProzessEngine.Feel.Builtins.Strings;

internal sealed class ReplaceFunction : BuiltinFunction
{
    public override string Name => "replace";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } =
    [
        Signature(Replace, "input", "pattern", "replacement"),
        Signature(Replace, "input", "pattern", "replacement", "flags"),
    ];

    private static FeelValue Replace(BuiltinCall call)
    {
        if (!call.String(0, out var input) || !call.String(1, out var pattern) || !call.String(2, out var replacement) || !call.OptionalString(3, out var flags))
        {
            return FeelValue.Null;
        }

        if (!XPathRegex.TryCreate(pattern, flags, call.Evaluation.RemainingTime, out var regex, out var error))
        {
            return call.Fail(error);
        }

        var groups = regex.GetGroupNumbers().Length - 1;
        var literal = flags?.Contains('q', StringComparison.Ordinal) == true;
        string translated;
        if (literal)
        {
            translated = replacement.Replace("$", "$$", StringComparison.Ordinal);
        }
        else if (!XPathRegex.TryTranslateReplacement(replacement, groups, out translated, out error))
        {
            return call.Fail(error);
        }

        // Each match may grow the result (replace(s, ".", s) squares it): count the length while replacing and
        // stop before the result is larger than a string may be.
        var evaluation = call.Evaluation;
        var length = (long)input.Length;
        var result = regex.Replace(input, match =>
        {
            evaluation.Step();
            var replaced = match.Result(translated);
            length += replaced.Length - match.Length;
            evaluation.CheckStringLength(length);
            return replaced;
        });
        return call.StringResult(0, result);
    }
}
