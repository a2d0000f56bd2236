using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ProzessEngine.Core.Forms;

/// <summary>
/// JavaScript's view of JSON values, where form-js's checks depend on it: what counts as set ("truthy"), how a value
/// reads as text or number, and when two values are equal (lodash's isEqual, which form-js uses for options).
/// Numbers keep their exact decimal value: the browser only ever sends numbers it can hold as a double.
/// </summary>
internal static class JsValues
{
    public static JsonValueKind Kind(JsonNode? node) => node?.GetValueKind() ?? JsonValueKind.Null;

    public static bool IsString(JsonNode? node, out string text)
    {
        if (node is JsonValue value && value.GetValueKind() == JsonValueKind.String)
        {
            text = value.GetValue<string>();
            return true;
        }

        text = "";
        return false;
    }

    public static bool IsNumber(JsonNode? node) => Kind(node) == JsonValueKind.Number;

    public static bool IsBoolean(JsonNode? node, out bool value)
    {
        var kind = Kind(node);
        value = kind == JsonValueKind.True;
        return kind is JsonValueKind.True or JsonValueKind.False;
    }

    /// <summary>The exact number a JSON number holds.</summary>
    public static BigNumber Number(JsonNode node) =>
        BigNumber.TryParse(node.ToJsonString(), out var number) ? number : throw new InvalidOperationException("Not a JSON number: " + node.ToJsonString());

    /// <summary>JavaScript's truthiness: null, false, 0, "" are not set; everything else (even [] and {}) is.</summary>
    public static bool Truthy(JsonNode? node) => Kind(node) switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined or JsonValueKind.False => false,
        JsonValueKind.String => node!.GetValue<string>().Length > 0,
        JsonValueKind.Number => !Number(node!).IsZero,
        _ => true,
    };

    /// <summary>big.js's reading of a value: a number, or text in its number syntax; anything else is no number.</summary>
    public static bool TryBig(JsonNode? node, out BigNumber number)
    {
        number = default;
        return Kind(node) switch
        {
            JsonValueKind.Number => BigNumber.TryParse(node!.ToJsonString(), out number),
            JsonValueKind.String => BigNumber.TryParse(node!.GetValue<string>(), out number),
            _ => false,
        };
    }

    /// <summary>String(value): what a template literal or RegExp.test makes of a value.</summary>
    public static string ToText(JsonNode? node) => Kind(node) switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => "null",
        JsonValueKind.String => node!.GetValue<string>(),
        JsonValueKind.Number => Number(node!).ToString(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Array => string.Join(",", node!.AsArray().Select(item => Kind(item) is JsonValueKind.Null ? "" : ToText(item))),
        _ => "[object Object]",
    };

    /// <summary>
    /// Number(value) for the relational comparisons of lengths: numbers as they are, text read as a decimal number
    /// (blank text is 0), true 1, false and null 0; NaN for anything else.
    /// </summary>
    public static double ToNumber(JsonNode? node)
    {
        switch (Kind(node))
        {
            case JsonValueKind.Number:
                return double.Parse(node!.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);
            case JsonValueKind.String:
                var text = Trim(node!.GetValue<string>());
                if (text.Length == 0)
                {
                    return 0;
                }

                return BigNumber.TryParse(text.StartsWith('+') ? text[1..] : text, out _)
                    ? double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture)
                    : double.NaN;
            case JsonValueKind.True:
                return 1;
            case JsonValueKind.False or JsonValueKind.Null or JsonValueKind.Undefined:
                return 0;
            default:
                return double.NaN;
        }
    }

    /// <summary>String.prototype.trim: JavaScript's white space and line terminators (not .NET's, which differ in U+0085 and U+FEFF).</summary>
    public static string Trim(string text)
    {
        var start = 0;
        var end = text.Length;
        while (start < end && IsJsWhiteSpace(text[start]))
        {
            start++;
        }

        while (end > start && IsJsWhiteSpace(text[end - 1]))
        {
            end--;
        }

        return text[start..end];
    }

    public static bool IsJsWhiteSpace(char c) =>
        c is '\t' or '\n' or '\v' or '\f' or '\r' or ' ' or '\u00a0' or '\u1680' or '\u2028' or '\u2029' or '\u202f' or '\u205f' or '\u3000' or '\ufeff'
        || c is >= '\u2000' and <= '\u200a';

    /// <summary>Deep equality as lodash's isEqual sees JSON: numbers by value, objects by their entries in any order.</summary>
    public static bool DeepEquals(JsonNode? left, JsonNode? right)
    {
        var kind = Kind(left);
        if (kind != Kind(right))
        {
            return false;
        }

        switch (kind)
        {
            case JsonValueKind.Number:
                return Number(left!) == Number(right!);
            case JsonValueKind.String:
                return left!.GetValue<string>() == right!.GetValue<string>();
            case JsonValueKind.Array:
                var a = left!.AsArray();
                var b = right!.AsArray();
                return a.Count == b.Count && a.Zip(b).All(pair => DeepEquals(pair.First, pair.Second));
            case JsonValueKind.Object:
                var x = left!.AsObject();
                var y = right!.AsObject();
                return x.Count == y.Count && x.All(entry => y.TryGetPropertyValue(entry.Key, out var other) && DeepEquals(entry.Value, other));
            default:
                return true;
        }
    }

    /// <summary>A copy that can be put into another tree (a node has one parent).</summary>
    public static JsonNode? Copy(JsonNode? node) => node?.DeepClone();
}
