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
}
