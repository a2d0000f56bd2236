using ProzessEngine.Feel.Runtime;

namespace ProzessEngine.Feel.Builtins.Strings;

internal static class CodePoints
{
    public static int Count(string text)
    {
        var count = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }

            count++;
        }

        return count;
    }

    /// <summary>The UTF-16 index of the code point at <paramref name="codePointIndex"/> (or text.Length).</summary>
    public static int Offset(string text, int codePointIndex)
    {
        var offset = 0;
        for (var i = 0; i < codePointIndex && offset < text.Length; i++)
        {
            offset += char.IsHighSurrogate(text[offset]) && offset + 1 < text.Length && char.IsLowSurrogate(text[offset + 1]) ? 2 : 1;
        }

        return offset;
    }
}

internal sealed class StringLengthFunction : BuiltinFunction
{
    public override string Name => "string length";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } = [Signature(Length, "string")];

    private static FeelValue Length(BuiltinCall call) =>
        call.String(0, out var text) ? FeelValue.FromNumber(CodePoints.Count(text)) : FeelValue.Null;
}

internal sealed class UpperCaseFunction : BuiltinFunction
{
    public override string Name => "upper case";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } = [Signature(Upper, "string")];

    private static FeelValue Upper(BuiltinCall call) =>
        call.String(0, out var text) ? FeelValue.FromString(text.ToUpperInvariant()) : FeelValue.Null;
}

internal sealed class LowerCaseFunction : BuiltinFunction
{
    public override string Name => "lower case";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } = [Signature(Lower, "string")];

    private static FeelValue Lower(BuiltinCall call) =>
        call.String(0, out var text) ? FeelValue.FromString(text.ToLowerInvariant()) : FeelValue.Null;
}
