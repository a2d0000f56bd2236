namespace ProzessEngine.Feel.Builtins.Strings;

internal sealed class SplitFunction : BuiltinFunction
{
    public override string Name => "split";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } = [Signature(Split, "string", "delimiter")];

    private static FeelValue Split(BuiltinCall call)
    {
        if (!call.String(0, out var text) || !call.String(1, out var delimiter))
        {
            return FeelValue.Null;
        }

        if (!XPathRegex.TryCreate(delimiter, null, call.Evaluation.RemainingTime, out var regex, out var error))
        {
            return call.Fail(error);
        }

        var parts = new List<FeelValue>();
        var start = 0;
        foreach (System.Text.RegularExpressions.Match match in regex.Matches(text))
        {
            call.Evaluation.Step();
            if (match.Length == 0)
            {
                continue;
            }

            parts.Add(FeelValue.FromString(text[start..match.Index]));
            start = match.Index + match.Length;
        }

        parts.Add(FeelValue.FromString(text[start..]));
        return FeelValue.FromOwnedArray([.. parts]);
    }
}
