namespace ProzessEngine.Feel.Builtins.Strings;

internal sealed class ExtractFunction : BuiltinFunction
{
    public override string Name => "extract";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } = [Signature(Extract, "input", "pattern")];

    private static FeelValue Extract(BuiltinCall call)
    {
        if (!call.String(0, out var input) || !call.String(1, out var pattern))
        {
            return FeelValue.Null;
        }

        if (!XPathRegex.TryCreate(pattern, null, call.Evaluation.RemainingTime, out var regex, out var error))
        {
            return call.Fail(error);
        }

        var matches = new List<FeelValue>();
        foreach (System.Text.RegularExpressions.Match match in regex.Matches(input))
        {
            call.Evaluation.Step();
            matches.Add(FeelValue.FromString(match.Value));
        }

        return FeelValue.FromOwnedArray([.. matches]);
    }
}
