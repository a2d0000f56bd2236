using Microsoft.Extensions.Time.Testing;
using ProzessEngine.Feel.Tests.Support;

namespace ProzessEngine.Feel.Tests;

/// <summary>
/// What one evaluation may build is bounded: string length, list items, context entries, the size of a value as JSON
/// and the memory it allocates. Each test asserts the limit that stops it (the warning names it), never time or memory
/// measured: the clock is frozen and the time budget generous, so only the limit under test can end the evaluation.
/// </summary>
public sealed class LimitTests
{
    /// <summary>The penetration test's model: 600 bytes of BPMN whose script builds a list of 200 references to one
    /// string of 8 million characters (1.6 billion characters as JSON), which grew the host to 7 GB.</summary>
    private const string PenetrationTestScript =
        "{k: \"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\", "
        + "m: string join(for i in 1..1000 return k), s: string join(for i in 1..80 return m), r: for i in 1..200 return s}.r";

    private static FeelEngine Engine(
        int? maxStringLength = null, int? maxListLength = null, int? maxContextEntries = null, long? maxValueSize = null,
        long? maxEvaluationMemory = null, long? maxEvaluationSteps = null)
    {
        var defaults = new FeelEngineOptions();
        return new FeelEngine(new FeelEngineOptions
        {
            Clock = new FakeTimeProvider(),
            // Regular expressions time out on the wall clock, not on Clock: on a loaded machine the 1 s default stopped
            // replace(s, ".", s) before its string limit did.
            MaxEvaluationTime = TimeSpan.FromMinutes(10),
            CacheCapacity = 0,
            MaxStringLength = maxStringLength ?? defaults.MaxStringLength,
            MaxListLength = maxListLength ?? defaults.MaxListLength,
            MaxContextEntries = maxContextEntries ?? defaults.MaxContextEntries,
            MaxValueSize = maxValueSize ?? defaults.MaxValueSize,
            MaxEvaluationMemory = maxEvaluationMemory ?? defaults.MaxEvaluationMemory,
            MaxEvaluationSteps = maxEvaluationSteps ?? defaults.MaxEvaluationSteps,
        });
    }

    /// <summary>Evaluates and asserts that the evaluation stopped with null and a warning naming <paramref name="limit"/>.</summary>
    private static void AssertStoppedBy(string limit, FeelEngine engine, string expression, params (string Name, FeelValue Value)[] variables)
    {
        var parsed = engine.ParseExpression(expression);
        Assert.True(parsed.Success, string.Join("; ", parsed.Errors.Select(e => e.Message)));
        var warnings = new FeelWarningList();
        var result = parsed.Expression!.Evaluate(TestFeel.Vars(variables), warnings);
        Assert.True(result.IsNull, $"expected null, got a {result.Kind}");
        var warning = Assert.Single(warnings);
        Assert.StartsWith("evaluation stopped", warning.Message, StringComparison.Ordinal);
        Assert.EndsWith($"({limit})", warning.Message, StringComparison.Ordinal);
    }

    private static FeelValue Chars(int count) => FeelValue.FromString(new string('x', count));

    /// <summary>A list built outside an evaluation (as a variable from the API could be): no limit applies to it.</summary>
    private static FeelValue Repeated(FeelValue item, int count) => FeelValue.FromList(Enumerable.Repeat(item, count));

    [Fact]
    public void The_penetration_tests_list_of_200_references_to_an_8_million_character_string_is_refused()
    {
        // With the defaults the list of 80 references it joins into the long string is already too large; with larger
        // values allowed, the 8-million-character string is too long; with longer strings allowed too, the list of 200
        // references to it is too large.
        AssertStoppedBy("MaxValueSize", Engine(), PenetrationTestScript);
        AssertStoppedBy("MaxStringLength", Engine(maxValueSize: 9_000_000), PenetrationTestScript);
        AssertStoppedBy("MaxValueSize", Engine(maxStringLength: 10_000_000, maxValueSize: 9_000_000), PenetrationTestScript);
    }

    [Fact]
    public void A_list_of_references_to_a_big_input_string_is_refused_by_its_size_as_json() =>
        AssertStoppedBy("MaxValueSize", Engine(), "for i in 1..200 return s", ("s", Chars(1_000_000)));

    [Fact]
    public void Joining_200_copies_of_a_big_input_string_is_refused()
    {
        AssertStoppedBy("MaxValueSize", Engine(), "string join(for i in 1..200 return s)", ("s", Chars(100_000)));
        AssertStoppedBy("MaxStringLength", Engine(), "string join(l)", ("l", Repeated(Chars(100_000), 200)));
        AssertStoppedBy("MaxStringLength", Engine(), "string join(l, \", \", \"[\", \"]\")", ("l", Repeated(Chars(100_000), 200)));
    }

    [Theory]
    [InlineData("{f: function(s, n) if n = 0 then s else f(s + s, n - 1)}.f(\"x\", 40)")]
    [InlineData("{f: function(s, n) if n = 0 then s else f(string join([s, s]), n - 1)}.f(\"x\", 40)")]
    [InlineData("{f: function(s, n) if n = 0 then s else f(replace(s, \"^(x*)$\", \"$1$1\"), n - 1)}.f(\"x\", 40)")]
    [InlineData("{f: function(s, n) if n = 0 then s else f(to base64(s), n - 1)}.f(\"x\", 80)")]
    [InlineData("{a: s, b: a + a, c: b + b, d: c + c}")]
    [InlineData("replace(s, \".\", s)")]
    [InlineData("upper case(big)")]
    public void Strings_that_double_or_square_are_refused(string expression) =>
        AssertStoppedBy("MaxStringLength", Engine(), expression, ("s", Chars(1_500_000)), ("big", Chars(5_000_000)));

    [Fact]
    public void A_big_input_string_passed_through_unchanged_is_not_counted_as_built()
    {
        var big = ("big", Chars(5_000_000));
        Assert.Equal("5000000", Engine().Evaluate("string length(trim(substring(string(big), 1)))", TestFeel.Vars(big)).ToString());
        Assert.Equal("true", Engine().Evaluate("get or else(big, \"\") = big", TestFeel.Vars(big)).ToString());
    }

    [Theory]
    [InlineData("string(l)")]
    [InlineData("to json(l)")]
    public void Writing_a_list_of_shared_references_as_text_is_refused_before_it_is_written(string expression) =>
        AssertStoppedBy("MaxStringLength", Engine(), expression, ("l", Repeated(Chars(8_000_000), 200)));

    [Fact]
    public void Nested_lists_that_share_their_items_are_refused_by_their_size_as_json()
    {
        // l20 has 2^20 references to one string of 100 characters: 100 MB as JSON in a few hundred bytes of memory.
        var levels = string.Join(", ", Enumerable.Range(1, 20).Select(i => $"l{i}: [l{i - 1}, l{i - 1}]"));
        AssertStoppedBy("MaxValueSize", Engine(), $"{{l0: [s], {levels}}}.l20", ("s", Chars(100)));
    }

    [Fact]
    public void A_context_literal_of_many_big_entries_is_refused_entry_by_entry() =>
        AssertStoppedBy("MaxValueSize", Engine(), "{a: s, b: s, c: s, d: s, e: s, f: s, g: s, h: s, i: s, j: s}", ("s", Chars(1_000_000)));

    [Theory]
    [InlineData("context(for i in 1..150000 return {key: \"k\" + string(i), value: i})")]
    [InlineData("context merge(for i in 1..150000 return context put({}, \"k\" + string(i), i))")]
    [InlineData("put all(for i in 1..150000 return context put({}, \"k\" + string(i), i))")]
    public void Contexts_with_too_many_entries_are_refused(string expression) =>
        AssertStoppedBy("MaxContextEntries", Engine(), expression);

    [Fact]
    public void Huge_range_iteration_is_refused()
    {
        AssertStoppedBy("MaxEvaluationSteps", Engine(), "for x in 1..100000000 return x");
        AssertStoppedBy("MaxListLength", Engine(maxListLength: 10_000), "for x in 1..100000000 return x");
        AssertStoppedBy("MaxListLength", Engine(maxListLength: 10_000), "for x in 1..1000, y in 1..1000 return x * y");
    }

    [Theory]
    [InlineData("{f: function(l, n) if n = 0 then count(l) else f(concatenate(l, l), n - 1)}.f([1], 40)")]
    [InlineData("append(for i in 1..100000 return i, 0)")]
    [InlineData("insert before(for i in 1..100000 return i, 1, 0)")]
    [InlineData("{f: function(l, n) if n = 0 then count(l) else f(flatten([l, l]), n - 1)}.f([1], 40)")]
    [InlineData("{f: function(l, n) if n = 0 then count(l) else f(union(l, for i in l return i + count(l)), n - 1)}.f([1], 40)")]
    public void Lists_that_double_are_refused(string expression) =>
        AssertStoppedBy("MaxListLength", Engine(maxListLength: 100_000), expression);

    [Fact]
    public void Flattening_lists_that_share_their_items_is_refused()
    {
        // 10^6 leaves in a value of a few hundred items, built outside the evaluation.
        var list = Repeated(FeelValue.FromNumber(1), 10);
        for (var i = 0; i < 5; i++)
        {
            list = Repeated(list, 10);
        }

        AssertStoppedBy("MaxListLength", Engine(maxListLength: 10_000), "count(flatten(l))", ("l", list));
    }

    [Fact]
    public void Big_strings_held_by_many_recursive_calls_at_once_are_refused_by_memory()
    {
        // Every call keeps its own copy of a 1-million-character string alive until the recursion ends: no single
        // value is too large, but together they are.
        AssertStoppedBy("MaxEvaluationMemory", Engine(),
            "{f: function(s, n) if n = 0 then string length(s) else f(s + \"y\", n - 1)}.f(big, 200)", ("big", Chars(1_000_000)));
    }

    [Fact]
    public void Lenient_functions_do_not_swallow_an_exceeded_limit()
    {
        // get or else and is defined turn missing values into defaults; an exceeded limit stops the whole evaluation.
        AssertStoppedBy("MaxValueSize", Engine(), "get or else(for i in 1..200 return s, \"fallback\")", ("s", Chars(1_000_000)));
        AssertStoppedBy("MaxValueSize", Engine(), "is defined(for i in 1..200 return s)", ("s", Chars(1_000_000)));
        AssertStoppedBy("MaxValueSize", Engine(), "[for i in 1..200 return s, 1][2]", ("s", Chars(1_000_000)));
    }

    [Fact]
    public void Unary_tests_stop_at_the_same_limits()
    {
        var tests = Engine().ParseUnaryTests("count(for i in 1..200 return s) > 1").UnaryTests!;
        var warnings = new FeelWarningList();
        Assert.Null(tests.Matches(FeelValue.FromNumber(1), TestFeel.Vars(("s", Chars(1_000_000))), warnings));
        Assert.EndsWith("(MaxValueSize)", Assert.Single(warnings).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_warning_about_a_huge_value_describes_it_briefly()
    {
        // Describing the value in "cannot compare ..." must not write out 1.6 billion characters.
        var warnings = new FeelWarningList();
        var result = Engine().Evaluate("l < 1", TestFeel.Vars(("l", Repeated(Chars(8_000_000), 200))), warnings);
        Assert.True(result.IsNull);
        Assert.InRange(Assert.Single(warnings).Message.Length, 1, 200);
    }

    [Fact]
    public void Ordinary_results_stay_well_within_the_defaults()
    {
        var engine = Engine();
        Assert.Equal("100000", engine.Evaluate("count(for i in 1..100000 return {n: i, text: \"Antrag \" + string(i)})", FeelVariables.Empty).ToString());
        Assert.Equal("3000000", engine.Evaluate("string length(string join(for i in 1..3000 return s))", TestFeel.Vars(("s", Chars(1000)))).ToString());
        Assert.Equal("5000", engine.Evaluate("count(get entries(context(for i in 1..5000 return {key: string(i), value: i})))", FeelVariables.Empty).ToString());
    }

    [Fact]
    public void Limits_are_configurable()
    {
        var items = ("l", FeelValue.FromList(Enumerable.Range(1, 256).Select(i => FeelValue.FromNumber(i))));
        var entries = ("c", FeelValue.FromContext(Enumerable.Range(1, 256).Select(i => new KeyValuePair<string, FeelValue>($"k{i}", FeelValue.FromNumber(i)))));
        AssertStoppedBy("MaxStringLength", Engine(maxStringLength: 1024), "s + \"!\"", ("s", Chars(1024)));
        AssertStoppedBy("MaxListLength", Engine(maxListLength: 256), "append(l, 257)", items);
        AssertStoppedBy("MaxListLength", Engine(maxListLength: 256), "[" + string.Join(", ", Enumerable.Repeat("x", 257)) + "]", ("x", Chars(1)));
        AssertStoppedBy("MaxListLength", Engine(maxListLength: 256), "get entries(context put(c, \"k257\", 257))", entries);
        AssertStoppedBy("MaxContextEntries", Engine(maxContextEntries: 256), "context put(c, \"k257\", 257)", entries);
        AssertStoppedBy("MaxValueSize", Engine(maxValueSize: 16 * 1024), "for i in 1..20 return s", ("s", Chars(1000)));
    }

    [Fact]
    public void Defaults_are_the_documented_ones()
    {
        // docs/feel.md and docs/operations.md give these numbers; change them together.
        var defaults = new FeelEngineOptions();
        Assert.Equal(4_000_000, defaults.MaxStringLength);
        Assert.Equal(1_000_000, defaults.MaxListLength);
        Assert.Equal(100_000, defaults.MaxContextEntries);
        Assert.Equal(8_000_000, defaults.MaxValueSize);
        Assert.Equal(128L * 1024 * 1024, defaults.MaxEvaluationMemory);
    }

    [Theory]
    [InlineData(nameof(FeelEngineOptions.MaxStringLength))]
    [InlineData(nameof(FeelEngineOptions.MaxListLength))]
    [InlineData(nameof(FeelEngineOptions.MaxContextEntries))]
    [InlineData(nameof(FeelEngineOptions.MaxValueSize))]
    [InlineData(nameof(FeelEngineOptions.MaxEvaluationMemory))]
    public void A_limit_below_its_floor_is_refused_naming_it(string name)
    {
        var options = name switch
        {
            nameof(FeelEngineOptions.MaxStringLength) => new FeelEngineOptions { MaxStringLength = 0 },
            nameof(FeelEngineOptions.MaxListLength) => new FeelEngineOptions { MaxListLength = 0 },
            nameof(FeelEngineOptions.MaxContextEntries) => new FeelEngineOptions { MaxContextEntries = 0 },
            nameof(FeelEngineOptions.MaxValueSize) => new FeelEngineOptions { MaxValueSize = 0 },
            _ => new FeelEngineOptions { MaxEvaluationMemory = 0 },
        };
        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => new FeelEngine(options));
        Assert.Equal(name, exception.ParamName);
    }
}
