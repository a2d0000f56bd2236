using ProzessEngine.Feel.Tests.Support;

namespace ProzessEngine.Feel.Tests;

/// <summary>FEEL numbers are 34-significant-digit decimals with half-even rounding.</summary>
public sealed class NumberTests
{
    [Theory]
    [InlineData("1 / 3", "0.3333333333333333333333333333333333")]
    [InlineData("2 / 3", "0.6666666666666666666666666666666667")]
    [InlineData("0.1 + 0.2", "0.3")]
    [InlineData("1234567890123456789012345678901234 + 1", "1234567890123456789012345678901235")]
    [InlineData("9999999999999999999999999999999999 + 1", "10000000000000000000000000000000000")]
    [InlineData("1234567890123456789012345678901234 * 10 + 5", "12345678901234567890123456789012340")]
    [InlineData("1234567890123456789012345678901235 * 10 + 5", "12345678901234567890123456789012360")]
    [InlineData("1.5 * 2", "3.0")]
    [InlineData("10 ** -5", "0.00001")]
    [InlineData("2 ** 100", "1267650600228229401496703205376")]
    [InlineData("1.23e4", "12300")]
    [InlineData("decimal(2.5, 0)", "2")]
    [InlineData("decimal(3.5, 0)", "4")]
    [InlineData("round half up(2.5, 0)", "3")]
    [InlineData("round half down(-2.5, 0)", "-2")]
    [InlineData("floor(-1.5)", "-2")]
    [InlineData("ceiling(1.01)", "2")]
    [InlineData("modulo(-12, 5)", "3")]
    [InlineData("sqrt(2)", "1.414213562373095048801688724209698")]
    [InlineData("abs(-0.5)", "0.5")]
    public void Computes_with_34_digits(string expression, string expected) =>
        Assert.Equal(expected, TestFeel.Text(expression));

    [Theory]
    [InlineData("1 = 1.0", "true")]
    [InlineData("0.000123 = 1.23e-4", "true")]
    [InlineData("100 > 99.999999999999999999999999999999", "true")]
    [InlineData("-0 = 0", "true")]
    public void Compares_by_value_not_by_scale(string expression, string expected) =>
        Assert.Equal(expected, TestFeel.Text(expression));

    [Theory]
    [InlineData("1 / 0")]
    [InlineData("10 ** 99999")]
    [InlineData("log(-1)")]
    public void Out_of_range_results_are_null_with_a_warning(string expression)
    {
        var result = TestFeel.Eval(expression, out var warnings);
        Assert.True(result.IsNull);
        Assert.NotEmpty(warnings);
    }

    [Fact]
    public void Converts_to_decimal_and_long()
    {
        var value = TestFeel.Eval("1 / 3");
        Assert.True(value.TryGetDecimal(out var rounded));
        Assert.Equal(0.3333333333333333333333333333m, rounded);
        Assert.False(value.TryGetInt64(out _));
        Assert.True(TestFeel.Eval("2 ** 40").TryGetInt64(out var power));
        Assert.Equal(1L << 40, power);
        Assert.False(TestFeel.Eval("10 ** 40").TryGetDecimal(out _));
    }

    [Fact]
    public void Equal_numbers_have_equal_hash_codes()
    {
        var a = TestFeel.Number("1.50");
        var b = TestFeel.Number("1.5");
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.Equal("1.50", a.ToString());
    }

    // The DMN spec rounds the results of arithmetic to 34 digits; a number someone wrote or sent is taken exactly or
    // refused, never silently rounded or turned into null (penetration test: "numbers beyond 34 digits are silently
    // rounded, and 1e999999999 is stored as null").
    [Theory]
    [InlineData("12345678901234567890123456789012345", "has more than 34 significant digits")]
    [InlineData("0.12345678901234567890123456789012345", "has more than 34 significant digits")]
    [InlineData("1e999999999", "is out of the range of FEEL numbers")]
    [InlineData("1e6145", "is out of the range of FEEL numbers")]
    [InlineData("1e-999999999", "is out of the range of FEEL numbers")]
    [InlineData("1e-6177", "is out of the range of FEEL numbers")]
    public void A_literal_that_cannot_be_kept_exactly_is_a_syntax_error(string literal, string reason)
    {
        var parsed = TestFeel.Engine.ParseExpression($"x + {literal}");
        Assert.False(parsed.Success);
        var error = Assert.Single(parsed.Errors);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.Equal(4, error.Position);
    }

    [Theory]
    [InlineData("1234567890123456789012345678901234", "1234567890123456789012345678901234")]
    [InlineData("1234567890123456789012345678901234000000", "1234567890123456789012345678901234000000")]
    [InlineData("0.000000000000000000000000000000000000001", "0.000000000000000000000000000000000000001")]
    [InlineData("1.0000000000000000000000000000000000000000 = 1", "true")]
    [InlineData("1e6144 = 10 ** 6144", "true")]
    [InlineData("1e-6176 > 0", "true")]
    [InlineData("0e999999999", "0")]
    public void A_literal_with_zeros_beyond_34_digits_is_still_exact(string expression, string expected) =>
        Assert.Equal(expected, TestFeel.Text(expression));

    [Theory]
    [InlineData("number(\"12345678901234567890123456789012345\")", "has more than 34 significant digits")]
    [InlineData("number(\"1e999999999\")", "is out of the range of FEEL numbers")]
    [InlineData("from json(\"[1, 12345678901234567890123456789012345]\")", "The number 12345678901234567890123456789012345 has more than 34")]
    public void Converting_text_that_cannot_be_kept_exactly_gives_null_and_a_warning(string expression, string reason)
    {
        var result = TestFeel.Eval(expression, out var warnings);
        Assert.True(result.IsNull);
        Assert.Contains(reason, Assert.Single(warnings).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParseNumber_refuses_what_it_would_have_to_round()
    {
        Assert.False(FeelValue.TryParseNumber("12345678901234567890123456789012345", out _));
        Assert.False(FeelValue.TryParseNumber("1e999999999", out _));
        Assert.True(FeelValue.TryParseNumber("1234567890123456789012345678901234", out var exact));
        Assert.True(exact.TryGetNumberText(out var text));
        Assert.Equal("1234567890123456789012345678901234", text);
    }
}
