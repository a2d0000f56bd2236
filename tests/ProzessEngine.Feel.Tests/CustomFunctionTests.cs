namespace ProzessEngine.Feel.Tests;

/// <summary>Functions a host adds to FEEL (FeelEngineOptions.Functions): called like built-ins, never replacing one.</summary>
public sealed class CustomFunctionTests
{
    private sealed class TwiceFunction : FeelCustomFunction
    {
        public override string Name => "twice of";

        public override IReadOnlyList<FeelFunctionSignature> Signatures { get; } = [new("value"), new("value", "extra")];

        public override FeelValue Invoke(FeelFunctionCall invocation)
        {
            if (!invocation[0].TryGetDecimal(out var number))
            {
                return invocation.Fail("parameter 'value' must be a number");
            }

            var extra = invocation.Arguments.Count > 1 && invocation[1].TryGetDecimal(out var more) ? more : 0;
            return FeelValue.FromNumber((number * 2) + extra);
        }
    }

    /// <summary>Reads what the host put beside the variables: here, the name of the place the expression runs in.</summary>
    private sealed class PlaceFunction : FeelCustomFunction
    {
        public override string Name => "where am i";

        public override IReadOnlyList<FeelFunctionSignature> Signatures { get; } = [new()];

        public override FeelValue Invoke(FeelFunctionCall invocation) =>
            invocation.Variables is HostVariables host ? FeelValue.FromString(host.Place) : invocation.Fail("no host");
    }

    private sealed class HostVariables(string place) : IFeelVariables
    {
        public string Place { get; } = place;

        public bool TryGetValue(string name, out FeelValue value)
        {
            value = FeelValue.FromNumber(21);
            return name == "x";
        }
    }

    private sealed class NamedFunction(string name) : FeelCustomFunction
    {
        public override string Name => name;

        public override IReadOnlyList<FeelFunctionSignature> Signatures { get; } = [new("a")];

        public override FeelValue Invoke(FeelFunctionCall invocation) => FeelValue.True;
    }

    private static readonly FeelEngine Engine = new(new FeelEngineOptions { Functions = [new TwiceFunction(), new PlaceFunction()] });

    private static FeelValue Eval(string expression, IFeelVariables? variables = null) =>
        Engine.ParseExpression(expression).Expression!.Evaluate(variables ?? new FeelVariables());

    [Theory]
    [InlineData("twice of(4)", "8")]
    [InlineData("twice of(4, 1)", "9")]
    [InlineData("twice of(value: 5)", "10")]
    [InlineData("twice of(extra: 1, value: 5)", "11")]
    [InlineData("twice of(twice of(1)) + 1", "5")]
    public void A_host_function_is_called_by_name_with_positional_or_named_arguments(string expression, string expected) =>
        Assert.Equal(expected, Eval(expression).ToString());

    [Fact]
    public void A_wrong_argument_gives_null_and_a_warning_naming_the_function()
    {
        var warnings = new FeelWarningList();
        var result = Engine.ParseExpression("twice of(\"zwei\")").Expression!.Evaluate(new FeelVariables(), warnings);
        Assert.True(result.IsNull);
        Assert.Contains(warnings, w => w.Message.Contains("twice of: parameter 'value' must be a number", StringComparison.Ordinal));
    }

    [Fact]
    public void A_call_with_no_matching_signature_is_a_warning_listing_the_signatures()
    {
        var warnings = new FeelWarningList();
        var result = Engine.ParseExpression("twice of(1, 2, 3)").Expression!.Evaluate(new FeelVariables(), warnings);
        Assert.True(result.IsNull);
        Assert.Contains(warnings, w => w.Message.Contains("twice of(value, extra)", StringComparison.Ordinal));
    }

    [Fact]
    public void The_function_sees_the_variables_object_the_host_passed()
    {
        Assert.Equal("\"Rathaus\"", Eval("where am i()", new HostVariables("Rathaus")).ToString());
        Assert.Equal("42", Eval("twice of(x)", new HostVariables("Rathaus")).ToString());
    }

    [Fact]
    public void An_engine_without_the_function_does_not_know_it()
    {
        // "twice of" is no name the parser knows without the function: the text is not even an expression there.
        Assert.False(new FeelEngine().ParseExpression("twice of(4)").Success);
        Assert.True(Engine.ParseExpression("twice of(4)").Success);
    }

    [Theory]
    [InlineData("string length")]
    [InlineData("now")]
    public void A_host_function_cannot_replace_a_built_in(string name)
    {
        var error = Assert.Throws<ArgumentException>(() => new FeelEngine(new FeelEngineOptions { Functions = [new NamedFunction(name)] }));
        Assert.Contains($"'{name}' is already defined", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_host_functions_with_one_name_are_refused()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            new FeelEngine(new FeelEngineOptions { Functions = [new NamedFunction("gleich"), new NamedFunction("gleich")] }));
        Assert.Contains("'gleich' is already defined", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2026-11-23", "2026-12-07", "@\"2026-12-07\"")]
    [InlineData("2026-11-23T09:30:00+01:00", "2026-12-07", "@\"2026-12-07T09:30:00+01:00\"")]
    [InlineData("2026-10-23T09:30:00@Europe/Berlin", "2026-10-26", "@\"2026-10-26T09:30:00@Europe/Berlin\"")]
    [InlineData("2026-11-23T09:30:00", "2026-11-24", "@\"2026-11-24T09:30:00\"")]
    public void A_date_or_date_and_time_moves_to_another_day_keeping_its_time(string start, string day, string expected)
    {
        var value = start.Contains('T', StringComparison.Ordinal) ? Eval($"date and time(\"{start}\")") : Eval($"date(\"{start}\")");
        Assert.True(FeelTemporal.TryGetDay(value, out var startDay));
        Assert.Equal(DateOnly.Parse(start[..10], System.Globalization.CultureInfo.InvariantCulture), startDay);
        Assert.True(FeelTemporal.TryMoveToDay(value, DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture), out var moved));
        Assert.Equal(expected, moved.ToString());
    }

    [Fact]
    public void A_zoned_date_and_time_takes_the_offset_of_its_new_day()
    {
        // Summer time ends on 25 October 2026: 09:30 in Berlin is 07:30Z before and 08:30Z after.
        var summer = Eval("date and time(\"2026-10-23T09:30:00@Europe/Berlin\")");
        Assert.True(FeelTemporal.TryMoveToDay(summer, new DateOnly(2026, 10, 26), out var winter));
        Assert.True(FeelTemporal.TryGetInstant(winter, TimeZoneInfo.Utc, out var instant));
        Assert.Equal(new DateTimeOffset(2026, 10, 26, 8, 30, 0, TimeSpan.Zero), instant);
    }

    [Fact]
    public void Other_values_have_no_day() =>
        Assert.False(FeelTemporal.TryGetDay(FeelValue.FromString("2026-11-23"), out _));
}
