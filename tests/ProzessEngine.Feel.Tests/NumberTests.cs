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
    [InlineData("12345678901234567890123456789012345", "12345678901234567890123456789012340")]
    [InlineData("12345678901234567890123456789012355", "12345678901234567890123456789012360")]
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
}
