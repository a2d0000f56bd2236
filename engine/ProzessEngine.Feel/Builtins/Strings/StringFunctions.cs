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
        return FeelValue.FromString(text[from..to]);
    }
}

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

internal sealed class SubstringAfterFunction : BuiltinFunction
{
    public override string Name => "substring after";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } = [Signature(After, "string", "match")];

    private static FeelValue After(BuiltinCall call)
    {
        if (!call.String(0, out var text) || !call.String(1, out var match))
        {
            return FeelValue.Null;
        }

        var index = text.IndexOf(match, StringComparison.Ordinal);
        return FeelValue.FromString(index < 0 ? string.Empty : text[(index + match.Length)..]);
    }
}

internal sealed class ContainsFunction : BuiltinFunction
{
    public override string Name => "contains";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } = [Signature(Contains, "string", "match")];

    private static FeelValue Contains(BuiltinCall call) =>
        call.String(0, out var text) && call.String(1, out var match)
            ? FeelValue.FromBoolean(text.Contains(match, StringComparison.Ordinal))
            : FeelValue.Null;
}

internal sealed class StartsWithFunction : BuiltinFunction
{
    public override string Name => "starts with";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } = [Signature(StartsWith, "string", "match")];

    private static FeelValue StartsWith(BuiltinCall call) =>
        call.String(0, out var text) && call.String(1, out var match)
            ? FeelValue.FromBoolean(text.StartsWith(match, StringComparison.Ordinal))
            : FeelValue.Null;
}

internal sealed class EndsWithFunction : BuiltinFunction
{
    public override string Name => "ends with";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } = [Signature(EndsWith, "string", "match")];

    private static FeelValue EndsWith(BuiltinCall call) =>
        call.String(0, out var text) && call.String(1, out var match)
            ? FeelValue.FromBoolean(text.EndsWith(match, StringComparison.Ordinal))
            : FeelValue.Null;
}

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

        return FeelValue.FromString(regex.Replace(input, translated));
    }
}

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

internal sealed class TrimFunction : BuiltinFunction
{
    public override string Name => "trim";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } = [Signature(Trim, "string")];

    private static FeelValue Trim(BuiltinCall call) =>
        call.String(0, out var text) ? FeelValue.FromString(text.Trim()) : FeelValue.Null;
}

internal sealed class IsBlankFunction : BuiltinFunction
{
    public override string Name => "is blank";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } = [Signature(IsBlank, "string")];

    private static FeelValue IsBlank(BuiltinCall call) =>
        call.String(0, out var text) ? FeelValue.FromBoolean(string.IsNullOrWhiteSpace(text)) : FeelValue.Null;
}

internal sealed class UuidFunction : BuiltinFunction
{
    public override string Name => "uuid";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } = [Signature(Create)];

    private static FeelValue Create(BuiltinCall call) =>
        FeelValue.FromString(Guid.CreateVersion7(call.Evaluation.Options.Clock.GetUtcNow()).ToString());
}

internal sealed class ToBase64Function : BuiltinFunction
{
    public override string Name => "to base64";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } = [Signature(Encode, "value")];

    private static FeelValue Encode(BuiltinCall call) =>
        call.String(0, out var text) ? FeelValue.FromString(Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(text))) : FeelValue.Null;
}

internal sealed class FromBase64Function : BuiltinFunction
{
    public override string Name => "from base64";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } = [Signature(Decode, "value")];

    private static FeelValue Decode(BuiltinCall call)
    {
        if (!call.String(0, out var text))
        {
            return FeelValue.Null;
        }

        var buffer = new byte[text.Length];
        if (!Convert.TryFromBase64String(text, buffer, out var written))
        {
            return call.Fail("the value is not base64");
        }

        return FeelValue.FromString(System.Text.Encoding.UTF8.GetString(buffer, 0, written));
    }
}

internal sealed class StringJoinFunction : BuiltinFunction
{
    public override string Name => "string join";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } =
    [
        Signature(Join, "list"),
        Signature(Join, "list", "delimiter"),
        Signature(Join, "list", "delimiter", "prefix", "suffix"),
    ];

    private static FeelValue Join(BuiltinCall call)
    {
        if (!call.List(0, out var list) || !call.OptionalString(1, out var delimiter))
        {
            return FeelValue.Null;
        }

        string? prefix = null;
        string? suffix = null;
        if (call.Count > 2 && (!call.OptionalString(2, out prefix) || !call.OptionalString(3, out suffix)))
        {
            return FeelValue.Null;
        }

        var builder = new System.Text.StringBuilder(prefix);
        var first = true;
        foreach (var item in list.AsSpan())
        {
            if (item.IsNull)
            {
                continue;
            }

            if (item.Kind != FeelValueKind.String)
            {
                return call.Fail($"list items must be strings, found {FeelFormatter.Describe(item)}");
            }

            if (!first)
            {
                builder.Append(delimiter);
            }

            first = false;
            builder.Append(item.StringValue);
        }

        builder.Append(suffix);
        return FeelValue.FromString(builder.ToString());
    }
}
