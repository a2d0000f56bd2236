using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ProzessEngine.Host.Http;

/// <summary>
/// Keys are 64-bit and exceed JavaScript's safe integers, so the API writes every <see cref="long"/> as a string, as
/// Camunda 8 does; it reads both strings and numbers.
/// </summary>
internal sealed class KeyAsStringConverter : JsonConverter<long>
{
    public override long Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            return reader.GetInt64();
        }

        if (reader.TokenType == JsonTokenType.String)
        {
            if (long.TryParse(reader.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            {
                return value;
            }
        }

        throw new JsonException("Expected a key: a whole number, written as a string.");
    }

    public override void Write(Utf8JsonWriter writer, long value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString(CultureInfo.InvariantCulture));
}
