using System.Text;
using System.Text.Json;
using ProzessEngine.Feel.Numbers;
using ProzessEngine.Feel.Runtime;
using ProzessEngine.Feel.Values;

namespace ProzessEngine.Feel;

/// <summary>
/// Maps JSON to FEEL values and back. Numbers are read from their exact text (never through double), and a number
/// FEEL cannot keep exactly (more than 34 significant digits, or beyond the exponent range) is refused with a
/// <see cref="FeelJsonException"/> rather than rounded or turned into null;
/// temporal values are written as ISO strings as Camunda 8 does ("2026-01-31", "2026-01-31T10:00:00+01:00",
/// "2026-01-31T10:00:00@Europe/Berlin", "P1DT2H"); ranges as their FEEL text; functions as null.
/// </summary>
public static class FeelJson
{
    private const int MaxDepth = 256;

    /// <summary>Maps a JSON value; throws <see cref="FeelJsonException"/> for a number FEEL cannot keep exactly.</summary>
    public static FeelValue FromJson(JsonElement element) => FromJson(element, null);

    /// <summary>Parses JSON text; throws JsonException when it is malformed, and <see cref="FeelJsonException"/> (a
    /// JsonException) for a number FEEL cannot keep exactly.</summary>
    public static FeelValue FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = MaxDepth });
        return FromJson(document.RootElement, null);
    }

    /// <summary>The path is built only when a number is refused, from the chain of parents.</summary>
    private sealed record JsonPath(JsonPath? Parent, string? Name, int Index)
    {
        public override string ToString()
        {
            var parts = new List<string>();
            for (var step = this; step is not null; step = step.Parent)
            {
                parts.Add(step.Name is null ? $"[{step.Index}]"
                    : step.Name.Length > 0 && step.Name.All(c => char.IsLetterOrDigit(c) || c == '_') ? "." + step.Name
                    : $"['{step.Name.Replace("'", "\\'", StringComparison.Ordinal)}']");
            }

            parts.Reverse();
            return string.Concat(parts);
        }
    }

    private static FeelValue FromJson(JsonElement element, JsonPath? path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var entries = new List<KeyValuePair<string, FeelValue>>();
                foreach (var property in element.EnumerateObject())
                {
                    entries.Add(new KeyValuePair<string, FeelValue>(property.Name, FromJson(property.Value, new JsonPath(path, property.Name, 0))));
                }

                return FeelValue.FromContext(FeelContext.FromEntries(entries));
            case JsonValueKind.Array:
                var items = new FeelValue[element.GetArrayLength()];
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    items[index] = FromJson(item, new JsonPath(path, null, index));
                    index++;
                }

                return FeelValue.FromOwnedArray(items);
            case JsonValueKind.String:
                return FeelValue.FromString(element.GetString()!);
            case JsonValueKind.Number:
                var text = element.GetRawText();
                var parsed = FeelNumber.TryParseExact(text, out var number);
                if (parsed != NumberText.Valid)
                {
                    var shown = text.Length > 50 ? string.Concat(text.AsSpan(0, 47), "...") : text;
                    throw new FeelJsonException($"The number {shown} {FeelNumber.Describe(parsed)}.", path?.ToString() ?? string.Empty);
                }

                return FeelValue.FromNumber(number);
            case JsonValueKind.True:
                return FeelValue.True;
            case JsonValueKind.False:
                return FeelValue.False;
            default:
                return FeelValue.Null;
        }
    }

    public static void Write(Utf8JsonWriter writer, FeelValue value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        Write(writer, value, 0);
    }

    private static void Write(Utf8JsonWriter writer, FeelValue value, int depth)
    {
        if (depth > MaxDepth)
        {
            writer.WriteNullValue();
            return;
        }

        switch (value.Kind)
        {
            case FeelValueKind.Null:
            case FeelValueKind.Function:
                writer.WriteNullValue();
                break;
            case FeelValueKind.Number:
                writer.WriteRawValue(value.Number.ToJsonText(), skipInputValidation: true);
                break;
            case FeelValueKind.String:
                writer.WriteStringValue(value.StringValue);
                break;
            case FeelValueKind.Boolean:
                writer.WriteBooleanValue(value.BooleanValue);
                break;
            case FeelValueKind.List:
                writer.WriteStartArray();
                foreach (var item in value.List.AsSpan())
                {
                    Write(writer, item, depth + 1);
                }

                writer.WriteEndArray();
                break;
            case FeelValueKind.Context:
                writer.WriteStartObject();
                foreach (var entry in value.Context.AsSpan())
                {
                    writer.WritePropertyName(entry.Key);
                    Write(writer, entry.Value, depth + 1);
                }

                writer.WriteEndObject();
                break;
            default:
                writer.WriteStringValue(FeelFormatter.ToFeelString(value));
                break;
        }
    }

    public static string ToJsonString(FeelValue value)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            Write(writer, value, 0);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }
}

/// <summary>A JSON value that has no exact FEEL value: a number with more than 34 significant digits, or beyond the
/// exponent range. <see cref="RelativePath"/> says where it is ("" for the value itself, ".items[2].amount" inside it).</summary>
public sealed class FeelJsonException : JsonException
{
    public FeelJsonException()
    {
        RelativePath = string.Empty;
    }

    public FeelJsonException(string message)
        : base(message)
    {
        RelativePath = string.Empty;
    }

    public FeelJsonException(string message, Exception innerException)
        : base(message, innerException)
    {
        RelativePath = string.Empty;
    }

    public FeelJsonException(string message, string relativePath)
        : base(message, "$" + relativePath, null, null)
    {
        RelativePath = relativePath;
    }

    public string RelativePath { get; }
}
