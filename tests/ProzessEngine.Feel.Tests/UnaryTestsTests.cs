using ProzessEngine.Feel.Tests.Support;

namespace ProzessEngine.Feel.Tests;

/// <summary>DMN unary tests as decision tables and the engine use them.</summary>
public sealed class UnaryTestsTests
{
    [Theory]
    [InlineData("< 10", 5, true)]
    [InlineData("< 10", 10, false)]
    [InlineData("[1..5]", 5, true)]
    [InlineData("(1..5)", 5, false)]
    [InlineData("1, 2, 3", 2, true)]
    [InlineData("-", 42, true)]
    [InlineData("not(1, 2)", 3, true)]
    [InlineData("not(1, 2)", 2, false)]
    [InlineData(">= limit", 100, true)]
    [InlineData("? > 3 and ? < 5", 4, true)]
    [InlineData("odd(?)", 3, true)]
    [InlineData("[1..3], > 10", 11, true)]
    public void Matches_numbers(string tests, int input, bool expected)
    {
        var parsed = TestFeel.Engine.ParseUnaryTests(tests);
        Assert.True(parsed.Success, string.Join("; ", parsed.Errors.Select(e => e.Message)));
        Assert.Equal(expected, parsed.UnaryTests!.Matches(FeelValue.FromNumber(input), TestFeel.Vars(("limit", FeelValue.FromNumber(100)))));
    }

    [Theory]
    [InlineData("\"approved\", \"pending\"", "pending", true)]
    [InlineData("not(\"rejected\")", "approved", true)]
    [InlineData("starts with(?, \"Bau\")", "Bauantrag", true)]
    public void Matches_strings(string tests, string input, bool expected) =>
        Assert.Equal(expected, TestFeel.Engine.ParseUnaryTests(tests).UnaryTests!.Matches(FeelValue.FromString(input), FeelVariables.Empty));

    [Fact]
    public void Undecidable_tests_give_null_and_a_warning()
    {
        var warnings = new FeelWarningList();
        var result = TestFeel.Engine.ParseUnaryTests("< 10").UnaryTests!.Matches(FeelValue.FromString("x"), FeelVariables.Empty, warnings);
        Assert.Null(result);
        Assert.NotEmpty(warnings);
    }

    [Fact]
    public void Null_input_matches_null_and_dash()
    {
        Assert.True(TestFeel.Engine.ParseUnaryTests("null").UnaryTests!.Matches(FeelValue.Null, FeelVariables.Empty));
        Assert.True(TestFeel.Engine.ParseUnaryTests("-").UnaryTests!.Matches(FeelValue.Null, FeelVariables.Empty));
    }
}
