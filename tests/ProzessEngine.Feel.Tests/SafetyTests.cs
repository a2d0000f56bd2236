using System.Text;
using ProzessEngine.Feel.Tests.Support;

namespace ProzessEngine.Feel.Tests;

/// <summary>Pathological expressions end with an error, never with a hang, a stack overflow or an escaping exception.</summary>
public sealed class SafetyTests
{
    private static readonly FeelEngine Engine = new(new FeelEngineOptions
    {
        MaxEvaluationSteps = 100_000,
        MaxEvaluationTime = TimeSpan.FromMilliseconds(300),
    });

    [Theory]
    [InlineData("for i in 1..1000000000 return i")]
    [InlineData("{f: function(n) f(n + 1)}.f(1)")]
    [InlineData("{f: function(n) f(n) + f(n)}.f(1)")]
    [InlineData("count(for a in 1..1000, b in 1..1000 return a * b)")]
    [InlineData("matches(\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!\", \"^(a+)+$\")")]
    public void Runaway_evaluations_stop_with_null_and_a_warning(string expression)
    {
        var parsed = Engine.ParseExpression(expression);
        Assert.True(parsed.Success);
        var warnings = new FeelWarningList();
        var result = parsed.Expression!.Evaluate(FeelVariables.Empty, warnings);
        Assert.True(result.IsNull);
        Assert.Contains(warnings, warning => warning.Message.Contains("stopped", StringComparison.Ordinal));
    }

    [Fact]
    public void Strings_cannot_grow_without_bound()
    {
        var warnings = new FeelWarningList();
        var result = Engine.ParseExpression("{f: function(s, n) if n = 0 then s else f(s + s, n - 1)}.f(\"x\", 40)").Expression!
            .Evaluate(FeelVariables.Empty, warnings);
        Assert.True(result.IsNull);
        Assert.Contains(warnings, warning => warning.Message.EndsWith("(MaxStringLength)", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(10_000, "(", ")")]
    [InlineData(10_000, "[", "]")]
    [InlineData(10_000, "-", "")]
    [InlineData(10_000, "not(", ")")]
    [InlineData(10_000, "{a:", "}")]
    [InlineData(2_000, "if true then ", " else 0")]
    public void Deep_nesting_is_a_syntax_error(int depth, string open, string close)
    {
        var text = new StringBuilder();
        text.Insert(0, open, depth).Append('1').Insert(text.Length, close, depth);
        var parsed = Engine.ParseExpression(text.ToString());
        Assert.False(parsed.Success);
        Assert.Contains("nested", parsed.Errors[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Long_operator_chains_are_bounded()
    {
        var chain = string.Join(" + ", Enumerable.Repeat("1", 100_000));
        Assert.False(Engine.ParseExpression(chain).Success);
        var allowed = string.Join(" or ", Enumerable.Repeat("x = 1", 150));
        Assert.Equal("true", Engine.ParseExpression(allowed).Expression!.Evaluate(TestFeel.Vars(("x", FeelValue.FromNumber(1)))).ToString());
    }

    [Fact]
    public void Expressions_cannot_reach_dotnet_members()
    {
        foreach (var text in new[] { "System.IO.File.ReadAllText(\"/etc/passwd\")", "\"x\".GetType()", "function(a) external {java: {class: \"java.lang.Runtime\", method signature: \"exec\"}}" })
        {
            var parsed = Engine.ParseExpression(text);
            if (parsed.Expression is { } expression)
            {
                Assert.True(expression.Evaluate(FeelVariables.Empty).IsNull);
            }
            else
            {
                Assert.NotEmpty(parsed.Errors);
            }
        }
    }

    [Fact]
    public void Exceptions_of_the_callers_variables_propagate()
    {
        var expression = Engine.ParseExpression("a + 1").Expression!;
        Assert.Throws<InvalidOperationException>(() => expression.Evaluate(new ThrowingVariables()));
    }

    [Fact]
    public void Deep_recursion_on_a_small_stack_stops_cleanly()
    {
        FeelValue result = FeelValue.True;
        var warnings = new FeelWarningList();
        var engine = new FeelEngine(new FeelEngineOptions { MaxCallDepth = 100_000, MaxEvaluationSteps = 10_000_000, MaxEvaluationTime = TimeSpan.FromSeconds(10) });
        var expression = engine.ParseExpression("{f: function(n) if n = 0 then 0 else 1 + f(n - 1)}.f(100000)").Expression!;
        var thread = new Thread(() => result = expression.Evaluate(FeelVariables.Empty, warnings), 256 * 1024);
        thread.Start();
        thread.Join();
        Assert.True(result.IsNull);
        Assert.NotEmpty(warnings);
    }

    [Fact]
    public void Compiled_expressions_are_safe_to_share_between_threads()
    {
        var expression = Engine.ParseExpression("sum(for i in 1..n return i) = n * (n + 1) / 2").Expression!;
        var failures = 0;
        Parallel.For(0, 2_000, i =>
        {
            var result = expression.Evaluate(TestFeel.Vars(("n", FeelValue.FromNumber((i % 50) + 1))));
            if (!result.TryGetBoolean(out var ok) || !ok)
            {
                Interlocked.Increment(ref failures);
            }
        });
        Assert.Equal(0, failures);
    }

    private sealed class ThrowingVariables : IFeelVariables
    {
        public bool TryGetValue(string name, out FeelValue value) => throw new InvalidOperationException("store unavailable");
    }
}
