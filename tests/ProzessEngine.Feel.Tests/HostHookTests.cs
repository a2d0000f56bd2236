namespace ProzessEngine.Feel.Tests;

/// <summary>What a host (the DMN engine) hands to FEEL: function values, types, and closures that outlive an evaluation.</summary>
public sealed class HostHookTests
{
    private sealed class Double : FeelCustomFunction
    {
        public override string Name => "double";

        public override IReadOnlyList<FeelFunctionSignature> Signatures { get; } = [new("x")];

        public override FeelValue Invoke(FeelFunctionCall invocation) =>
            invocation[0].TryGetDecimal(out var x) ? FeelValue.FromNumber(x * 2) : invocation.Fail("not a number");
    }

    private sealed class HostTypes(IFeelVariables variables) : IFeelVariables, IFeelTypes
    {
        public bool TryGetValue(string name, out FeelValue value) => variables.TryGetValue(name, out value);

        public bool? IsInstance(FeelValue value, string typeName) =>
            typeName == "tSmall" ? value.TryGetDecimal(out var number) && number < 10 : null;
    }

    [Fact]
    public void Function_value_of_the_host_is_called_by_its_variable_with_positional_and_named_arguments()
    {
        var variables = new FeelVariables { ["twice"] = FeelValue.FromFunction(new Double()) };
        var engine = new FeelEngine();

        Assert.Equal(FeelValue.FromNumber(8), engine.Evaluate("twice(4)", variables));
        Assert.Equal(FeelValue.FromNumber(6), engine.Evaluate("twice(x: 3)", variables));
        Assert.True(variables["twice"].TryGetCustomFunction(out var function));
        Assert.IsType<Double>(function);
    }

    [Fact]
    public void Instance_of_an_unknown_type_asks_the_hosts_types()
    {
        var engine = new FeelEngine();
        var variables = new HostTypes(FeelVariables.Empty);

        Assert.Equal(FeelValue.True, engine.Evaluate("5 instance of tSmall", variables));
        Assert.Equal(FeelValue.False, engine.Evaluate("50 instance of tSmall", variables));
        Assert.True(engine.Evaluate("5 instance of tOther", variables).IsNull);
    }

    [Fact]
    public void Lambda_keeps_the_variables_of_the_evaluation_that_made_it()
    {
        var engine = new FeelEngine();
        var lambda = engine.Evaluate("function(x) x + offset", new FeelVariables { ["offset"] = FeelValue.FromNumber(100) });

        var result = engine.Evaluate("f(1)", new FeelVariables { ["f"] = lambda });

        Assert.Equal(FeelValue.FromNumber(101), result);
    }
}
