namespace ProzessEngine.Feel.Builtins.Strings;

internal sealed class SubstringFunction : BuiltinFunction
{
    public override string Name => "substring";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } =
    [
        Signature(Substring, "string", "start position"),
        Signature(Substring, "string", "start position", "length"),
    ];

    private static FeelValue Substring(BuiltinCall call)
    {
        if (!call.String(0, out var text) || !call.Integer(1, out var start))
        {
            return FeelValue.Null;
        }

        var length = CodePoints.Count(text);
        var first = start > 0 ? start - 1 : start == 0 ? 0 : Math.Max(0, length + start);
        var count = length - first;
        if (call.Count > 2 && !call[2].IsNull)
        {
            if (!call.Integer(2, out var requested))
            {
                return FeelValue.Null;
            }

            if (requested < 0)
            {
                return call.Fail("length must not be negative");
            }

            count = Math.Min(count, requested);
        }

        if (first >= length || count <= 0)
        {
            return FeelValue.FromString(string.Empty);
        }

        var from = CodePoints.Offset(text, first);
        var to = CodePoints.Offset(text, first + count);
        return call.StringResult(0, text[from..to]);
    }
}
