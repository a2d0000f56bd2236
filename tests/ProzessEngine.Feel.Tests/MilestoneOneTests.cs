using ProzessEngine.Feel.Tests.Support;

namespace ProzessEngine.Feel.Tests;

/// <summary>The subset the walking skeleton needs: literals, names, paths, comparisons, logic, arithmetic,
/// if, lists, a few built-ins, temporal literals and functions.</summary>
public sealed class MilestoneOneTests
{
    [Theory]
    [InlineData("1", "1")]
    [InlineData("-12.50", "-12.50")]
    [InlineData(".5", "0.5")]
    [InlineData("\"a\\\"b\"", "\"a\\\"b\"")]
    [InlineData("true", "true")]
    [InlineData("null", "null")]
    [InlineData("[1, \"x\", false]", "[1, \"x\", false]")]
    [InlineData("(1 + 2) * 3", "9")]
    [InlineData("10 / 4", "2.5")]
    [InlineData("-(3 - 5)", "2")]
    [InlineData("if 1 < 2 then \"yes\" else \"no\"", "\"yes\"")]
    [InlineData("string length(\"Straße\")", "6")]
    [InlineData("upper case(\"abc\")", "\"ABC\"")]
    [InlineData("not(true)", "false")]
    public void Evaluates_literals_and_operators(string expression, string expected) =>
        Assert.Equal(expected, TestFeel.Text(expression));

    [Fact]
    public void Reads_variables_and_paths()
    {
        var applicant = FeelJson.FromJson("""{"address": {"city": "Köln", "zip": "50667"}, "age": 41}""");
        Assert.Equal("\"Köln\"", TestFeel.Text("applicant.address.city", ("applicant", applicant)));
        Assert.Equal("true", TestFeel.Text("applicant.age >= 18 and applicant.address.zip = \"50667\"", ("applicant", applicant)));
    }

    [Theory]
    [InlineData(6000, "approved", "true")]
    [InlineData(4000, "approved", "false")]
    [InlineData(6000, "rejected", "false")]
    public void Evaluates_a_typical_gateway_condition(int amount, string status, string expected) =>
        Assert.Equal(expected, TestFeel.Text("amount > 5000 and status = \"approved\"", ("amount", FeelValue.FromNumber(amount)), ("status", TestFeel.Str(status))));

    [Theory]
    [InlineData("true and null", "null")]
    [InlineData("false and null", "false")]
    [InlineData("true or null", "true")]
    [InlineData("null = null", "true")]
    [InlineData("1 = null", "false")]
    [InlineData("1 != 2", "true")]
    [InlineData("\"a\" < \"b\"", "true")]
    public void Uses_three_valued_logic(string expression, string expected) =>
        Assert.Equal(expected, TestFeel.Text(expression));

    [Fact]
    public void Missing_variable_gives_null_and_a_warning()
    {
        var result = TestFeel.Eval("missing > 3", out var warnings);
        Assert.True(result.IsNull);
        Assert.Contains(warnings, warning => warning.Message.Contains("missing", StringComparison.Ordinal));
    }

    [Fact]
    public void Type_mismatch_gives_null_and_a_warning()
    {
        var result = TestFeel.Eval("1 < \"a\"", out var warnings);
        Assert.True(result.IsNull);
        Assert.Single(warnings);
    }

    [Theory]
    [InlineData("date and time(\"2026-11-23T10:00:00@Europe/Berlin\") + duration(\"PT30M\")", "@\"2026-11-23T10:30:00@Europe/Berlin\"")]
    [InlineData("date(\"2026-01-31\") + duration(\"P1M\")", "@\"2026-02-28\"")]
    [InlineData("duration(\"PT90M\")", "@\"PT1H30M\"")]
    [InlineData("date and time(\"2026-03-29T01:30:00@Europe/Berlin\") + duration(\"PT1H\")", "@\"2026-03-29T03:30:00@Europe/Berlin\"")]
    public void Evaluates_temporal_functions(string expression, string expected) =>
        Assert.Equal(expected, TestFeel.Text(expression));

    [Fact]
    public void Syntax_error_reports_position_and_expectation()
    {
        var result = TestFeel.Engine.ParseExpression("amount >");
        Assert.False(result.Success);
        var error = Assert.Single(result.Errors);
        Assert.Equal(8, error.Position);
        Assert.Equal(1, error.Line);
        Assert.Equal(9, error.Column);
        Assert.Contains("expected", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_numbers_keep_their_exact_digits()
    {
        var value = FeelJson.FromJson("""{"amount": 12345678901234567890.123456789}""");
        Assert.True(value.TryGetContextEntry("amount", out var amount));
        Assert.True(amount.TryGetNumberText(out var text));
        Assert.Equal("12345678901234567890.123456789", text);
        Assert.Equal("""{"amount":12345678901234567890.123456789}""", FeelJson.ToJsonString(value));
    }

    [Fact]
    public void Temporal_helpers_parse_and_add()
    {
        Assert.True(FeelTemporal.TryParseDuration("P1M", out var month));
        Assert.True(FeelTemporal.TryAddTo(month, new DateTimeOffset(2026, 1, 31, 9, 0, 0, TimeSpan.FromHours(1)), out var next));
        Assert.Equal(new DateTimeOffset(2026, 2, 28, 9, 0, 0, TimeSpan.FromHours(1)), next);

        Assert.True(FeelTemporal.TryParseDateTime("2026-11-23T10:00:00@Europe/Berlin", out var local));
        Assert.True(FeelTemporal.TryGetInstant(local, TimeZoneInfo.Utc, out var instant));
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero), instant.ToUniversalTime());
    }
}
