using System.Diagnostics;
using System.Text;
using System.Text.Json;
using ProzessEngine.Feel.Tests.Tck;
using Xunit.Abstractions;

namespace ProzessEngine.Feel.Tests.Fuzz;

/// <summary>
/// Throws random and mutated expressions at the parser, the evaluator and the unary tests: no exception may
/// escape and every evaluation must end (the budgets stop runaway loops). Deterministic seed, so a failure
/// can be replayed; the failing input is part of the assertion message.
/// </summary>
public sealed class FuzzTests(ITestOutputHelper output)
{
    private const int Inputs = 100_000;

    private static readonly string[] Fragments =
    [
        "1", "-2.5", "1e3", ".5", "\"text\"", "\"\\u00e4\"", "true", "false", "null", "x", "y", "items", "ctx", "d", "?", "item", "partial",
        "+", "-", "*", "/", "**", "=", "!=", "<", "<=", ">", ">=", "and", "or", "not(", "(", ")", "[", "]", "{", "}", ",", ":", ".", "..",
        "if", "then", "else", "for", "in", "return", "some", "every", "satisfies", "between", "instance of", "function(", "external",
        "@\"2026-01-31\"", "@\"P1D\"", "@\"10:00:00@Europe/Berlin\"", "date(", "time(", "date and time(", "duration(", "count(", "sum(",
        "string length(", "substring(", "replace(", "matches(", "sort(", "for i in 1..3 return", "list<number>", "context<a: number>",
        "`x-y`", "// c\n", "/* c */", "\n", "  ", "\\", "\"", "'", "#", "€", "🐎", "\u0000", "\uD800",
    ];

    private static readonly string[] Seeds =
    [
        "amount > 5000 and status = \"approved\"",
        "for i in 1..5 return i * i",
        "some x in items satisfies x > 2",
        "{a: 1, b: a + 1, c: {d: b * 2}}.c.d",
        "items[item > 1][1]",
        "if x > 1 then \"a\" else \"b\"",
        "sort(items, function(a, b) a > b)",
        "date and time(\"2026-03-29T01:30:00@Europe/Berlin\") + duration(\"PT1H\")",
        "string join(for s in [\"a\", \"b\"] return upper case(s), \", \")",
        "x in [1..10] and y between 1 and 3",
        "ctx.name instance of string",
        "{f: function(n) if n <= 1 then 1 else n * f(n - 1)}.f(20)",
        "replace(\"abracadabra\", \"a(.)\", \"$1\")",
        "range(\"[1..3]\") = [1..3]",
        "(< 10)",
    ];

    [Fact]
    public void Random_and_mutated_expressions_never_throw_or_hang()
    {
        var engine = new FeelEngine(new FeelEngineOptions
        {
            MaxEvaluationSteps = 5_000,
            MaxEvaluationTime = TimeSpan.FromMilliseconds(200),
            CacheCapacity = 0,
        });
        var variables = new FeelVariables
        {
            ["x"] = FeelValue.FromNumber(3),
            ["y"] = FeelValue.FromString("text"),
            ["items"] = FeelValue.FromList([FeelValue.FromNumber(1), FeelValue.FromNumber(2), FeelValue.FromNumber(3)]),
            ["ctx"] = FeelJson.FromJson("""{"name": "n", "list": [1, {"a": null}], "nested": {"deep": true}}"""),
            ["d"] = engine.Evaluate("@\"2026-01-31T10:00:00@Europe/Berlin\"", FeelVariables.Empty),
        };
        var corpus = Seeds.Concat(TckExpressions()).ToArray();
        var random = new Random(20261123);
        var inputs = 0;
        var parsed = 0;
        var stopwatch = Stopwatch.StartNew();
        while (inputs < Inputs)
        {
            var text = (inputs % 4) switch
            {
                0 => Generate(random, 0),
                1 => Mutate(random, corpus[random.Next(corpus.Length)]),
                2 => Mutate(random, Mutate(random, corpus[random.Next(corpus.Length)])),
                _ => Noise(random),
            };
            inputs++;
            try
            {
                var expression = engine.ParseExpression(text);
                if (expression.Expression is { } compiled)
                {
                    parsed++;
                    var warnings = new FeelWarningList();
                    var value = compiled.Evaluate(variables, warnings);
                    _ = value.ToString();
                    _ = FeelJson.ToJsonString(value);
                }
                else
                {
                    Assert.NotEmpty(expression.Errors);
                }

                if (inputs % 8 == 0 && engine.ParseUnaryTests(text).UnaryTests is { } tests)
                {
                    _ = tests.Matches(FeelValue.FromNumber(random.Next(-5, 5)), variables);
                }
            }
            catch (Exception exception)
            {
                Assert.Fail($"input #{inputs} {JsonSerializer.Serialize(text)} threw {exception}");
            }
        }

        output.WriteLine($"{inputs} inputs, {parsed} parsed and evaluated, {stopwatch.Elapsed.TotalSeconds:0.0} s");
        Assert.Equal(Inputs, inputs);
        Assert.True(parsed > Inputs / 10, $"only {parsed} inputs parsed; the fuzzer should reach the evaluator often");
    }

    private static List<string> TckExpressions()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(TckRunner.DataDirectory, "cases.json")));
        return document.RootElement.EnumerateArray().Select(testCase => testCase.GetProperty("expression").GetString()!).Distinct().ToList();
    }

    private static string Generate(Random random, int depth)
    {
        if (depth > 4 || random.Next(4) == 0)
        {
            return Fragments[random.Next(0, 20)];
        }

        var a = Generate(random, depth + 1);
        var b = Generate(random, depth + 1);
        return random.Next(16) switch
        {
            0 => $"{a} + {b}",
            1 => $"{a} * {b}",
            2 => $"{a} = {b}",
            3 => $"{a} < {b}",
            4 => $"{a} and {b}",
            5 => $"if {a} then {b} else {a}",
            6 => $"[{a}, {b}]",
            7 => $"{{k: {a}, m: {b}}}",
            8 => $"for v in {a} return {b}",
            9 => $"some v in {a} satisfies {b}",
            10 => $"{a}[{b}]",
            11 => $"{a}.k",
            12 => $"count({a})",
            13 => $"{a} in ({b}, < 3)",
            14 => $"function(v) {a}",
            _ => $"({a}) ** {b}",
        };
    }

    private static string Mutate(Random random, string text)
    {
        var builder = new StringBuilder(text);
        var position = builder.Length == 0 ? 0 : random.Next(builder.Length + 1);
        switch (random.Next(6))
        {
            case 0:
                builder.Insert(position, Fragments[random.Next(Fragments.Length)]);
                break;
            case 1 when builder.Length > 0:
                var length = Math.Min(random.Next(1, 6), builder.Length - Math.Min(position, builder.Length - 1));
                builder.Remove(Math.Min(position, builder.Length - 1), Math.Max(1, length));
                break;
            case 2 when builder.Length > 1:
                var start = random.Next(builder.Length - 1);
                var slice = builder.ToString(start, random.Next(1, builder.Length - start));
                builder.Insert(position, slice);
                break;
            case 3:
                builder.Insert(position, (char)random.Next(0x20, 0x7F));
                break;
            case 4 when builder.Length > 0:
                builder.Length = random.Next(builder.Length);
                break;
            default:
                builder.Insert(position, Fragments[random.Next(Fragments.Length)] + Fragments[random.Next(Fragments.Length)]);
                break;
        }

        return builder.ToString();
    }

    private static string Noise(Random random)
    {
        var builder = new StringBuilder();
        var count = random.Next(1, 12);
        for (var i = 0; i < count; i++)
        {
            builder.Append(Fragments[random.Next(Fragments.Length)]).Append(random.Next(3) == 0 ? string.Empty : " ");
        }

        return builder.ToString();
    }
}
