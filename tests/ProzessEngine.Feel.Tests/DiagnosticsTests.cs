using ProzessEngine.Feel.Tests.Support;

namespace ProzessEngine.Feel.Tests;

/// <summary>Syntax errors say where and what was expected; runtime problems say what went wrong and where.</summary>
public sealed class DiagnosticsTests
{
    [Theory]
    [InlineData("a +", 3, "found the end of the expression, expected an expression")]
    [InlineData("if a then b", 11, "found the end of the expression, expected 'else'")]
    [InlineData("[1, 2", 5, "found the end of the expression, expected ',' or ']' in the list")]
    [InlineData("{a: 1, a: 2}", 7, "found duplicate context key 'a', expected unique keys")]
    [InlineData("\"open", 0, "unterminated string, expected a closing '\"'")]
    [InlineData("@\"2026-13-01\"", 0, "found @\"2026-13-01\", expected a date, time, date and time or duration literal")]
    [InlineData("a b)", 3, "found ')', expected an operator or the end of the expression")]
    public void Syntax_errors_report_position_and_expectation(string text, int position, string message)
    {
        var parsed = TestFeel.Engine.ParseExpression(text);
        Assert.False(parsed.Success);
        var error = Assert.Single(parsed.Errors);
        Assert.Equal(position, error.Position);
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Line_and_column_count_from_one()
    {
        var error = Assert.Single(TestFeel.Engine.ParseExpression("1 +\n  * 2").Errors);
        Assert.Equal((2, 3), (error.Line, error.Column));
    }

    [Theory]
    [InlineData("x + \"a\"", 2, "cannot add number 5 and string \"a\"")]
    [InlineData("y.z", 1, "no context entry 'z'")]
    [InlineData("nope", 0, "no variable 'nope'")]
    [InlineData("substring(x, 1)", 0, "substring: parameter 'string' must be a string, found number 5")]
    [InlineData("abs()", 0, "no function 'abs' with 0 argument(s); expected abs(n)")]
    public void Runtime_problems_give_null_and_a_warning(string text, int position, string message)
    {
        var result = TestFeel.Eval(text, out var warnings, ("x", FeelValue.FromNumber(5)), ("y", FeelJson.FromJson("{}")));
        Assert.True(result.IsNull);
        var warning = Assert.Single(warnings);
        Assert.Equal(message, warning.Message);
        Assert.Equal(position, warning.Position);
    }

    [Fact]
    public void Unparsable_text_evaluates_to_null_with_the_syntax_error_as_warning()
    {
        var warnings = new FeelWarningList();
        Assert.True(TestFeel.Engine.Evaluate("1 +", FeelVariables.Empty, warnings).IsNull);
        Assert.Single(warnings);
    }
}
