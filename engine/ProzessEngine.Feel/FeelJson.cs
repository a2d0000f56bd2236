using System.Text;
using System.Text.Json;
using ProzessEngine.Feel.Numbers;
using ProzessEngine.Feel.Runtime;
using ProzessEngine.Feel.Values;

namespace ProzessEngine.Feel;

/// <summary>
/// Maps JSON to FEEL values and back. Numbers are read from their exact text (never through double);
/// temporal values are written as ISO strings as Camunda 8 does ("2026-01-31", "2026-01-31T10:00:00+01:00",
/// "2026-01-31T10:00:00@Europe/Berlin", "P1DT2H"); ranges as their FEEL text; functions as null.
/// </summary>
public static class FeelJson
{
    private const int MaxDepth = 256;

    public static FeelValue FromJson(JsonElement element) => FromJson(element, 0);

    /// <summary>Parses JSON text; throws JsonException when it is malformed.</summary>
    public static FeelValue FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = MaxDepth });
        return FromJson(document.RootElement, 0);
    }

    private static FeelValue FromJson(JsonElement element, int depth)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var entries = new List<KeyValuePair<string, FeelValue>>();
                foreach (var property in element.EnumerateObject())
                {
                    entries.Add(new KeyValuePair<string, FeelValue>(property.Name, FromJson(property.Value, depth + 1)));
                }

                return FeelValue.FromContext(FeelContext.FromEntries(entries));
            case JsonValueKind.Array:
                var items = new FeelValue[element.GetArrayLength()];
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    items[index++] = FromJson(item, depth + 1);
                }

                return FeelValue.FromOwnedArray(items);
            case JsonValueKind.String:
                return FeelValue.FromString(element.GetString()!);
            case JsonValueKind.Number:
                return FeelNumber.TryParse(element.GetRawText(), out var number) ? FeelValue.FromNumber(number) : FeelValue.Null;
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
