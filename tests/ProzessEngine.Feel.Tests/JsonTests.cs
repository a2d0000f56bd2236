using System.Text.Json;
using ProzessEngine.Feel.Tests.Support;

namespace ProzessEngine.Feel.Tests;

/// <summary>JSON in (exact numbers, ordered objects) and out (ISO strings for temporals, as Camunda 8 writes them).</summary>
public sealed class JsonTests
{
    [Fact]
    public void Reads_json_into_feel_values()
    {
        var value = FeelJson.FromJson("""{"b": 1.10, "a": [true, null, "x"], "big": 123456789012345678901234567890.5}""");
        Assert.Equal(FeelValueKind.Context, value.Kind);
        Assert.Equal(["b", "a", "big"], value.AsContext().Select(entry => entry.Key));
        Assert.True(value.TryGetContextEntry("big", out var big));
        Assert.True(big.TryGetNumberText(out var digits));
        Assert.Equal("123456789012345678901234567890.5", digits);
        Assert.Equal(3, value.AsContext()[1].Value.AsList().Count);
    }

    [Fact]
    public void Malformed_json_throws_json_exception() =>
        Assert.ThrowsAny<JsonException>(() => FeelJson.FromJson("{\"a\": "));

    [Theory]
    [InlineData("date(\"2026-01-31\")", "\"2026-01-31\"")]
    [InlineData("time(\"10:15:00+01:00\")", "\"10:15:00+01:00\"")]
    [InlineData("date and time(\"2026-01-31T10:15:00Z\")", "\"2026-01-31T10:15:00Z\"")]
    [InlineData("date and time(\"2026-01-31T10:15:00@Europe/Berlin\")", "\"2026-01-31T10:15:00@Europe/Berlin\"")]
    [InlineData("duration(\"P1DT2H\")", "\"P1DT2H\"")]
    [InlineData("duration(\"P14M\")", "\"P1Y2M\"")]
    [InlineData("1 / 3", "0.3333333333333333333333333333333333")]
    [InlineData("{a: [1, \"x\", null], b: {c: false}}", "{\"a\":[1,\"x\",null],\"b\":{\"c\":false}}")]
    [InlineData("[1..5]", "\"[1..5]\"")]
    [InlineData("\"Grüße\"", "\"Grüße\"")]
    public void Writes_feel_values_as_json(string expression, string json) =>
        Assert.Equal(json, FeelJson.ToJsonString(TestFeel.Eval(expression)));

    [Fact]
    public void Writes_through_a_utf8_writer()
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WritePropertyName("result");
            FeelJson.Write(writer, TestFeel.Eval("[1.50, true]"));
            writer.WriteEndObject();
        }

        Assert.Equal("{\"result\":[1.50,true]}", System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }

    [Theory]
    [InlineData("""{"x": 1e999999999}""", "$.x", "is out of the range of FEEL numbers")]
    [InlineData("""{"x": -1e-999999999}""", "$.x", "is out of the range of FEEL numbers")]
    [InlineData("""{"a": [1, 12345678901234567890123456789012345]}""", "$.a[1]", "has more than 34 significant digits")]
    [InlineData("""{"a b": {"c": 0.12345678901234567890123456789012345}}""", "$['a b'].c", "has more than 34 significant digits")]
    [InlineData("""123456789012345678901234567890123456789""", "$", "has more than 34 significant digits")]
    public void A_json_number_that_cannot_be_kept_exactly_is_refused_with_its_path(string json, string path, string reason)
    {
        // Before, such numbers were rounded (more than 34 digits) or became null (1e999999999) without a word.
        var exception = Assert.Throws<FeelJsonException>(() => FeelJson.FromJson(json));
        Assert.Equal(path, exception.Path);
        Assert.Contains(reason, exception.Message, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(json);
        Assert.Equal(path, Assert.Throws<FeelJsonException>(() => FeelJson.FromJson(document.RootElement)).Path);
    }

    [Fact]
    public void A_json_number_with_zeros_beyond_34_digits_is_read_exactly()
    {
        var value = FeelJson.FromJson("""[1.000000000000000000000000000000000000000, 1234567890123456789012345678901234000000, 1E+6144]""");
        Assert.Equal("[1.000000000000000000000000000000000, 1234567890123456789012345678901234000000, " + "1" + new string('0', 6144) + "]", value.ToString());
    }
}
