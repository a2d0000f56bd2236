using ProzessEngine.Feel.Tests.Support;
using static ProzessEngine.Feel.Tests.Support.TestFeel;

namespace ProzessEngine.Feel.Tests;

/// <summary>fromAi (Camunda 8.8): the tool parameters of an AI agent are their values at run time.</summary>
public sealed class FromAiTests
{
    [Theory]
    [InlineData("fromAi(toolCall.ort)")]
    [InlineData("fromAi(toolCall.ort, \"Der Ort\")")]
    [InlineData("fromAi(toolCall.ort, null, \"string\")")]
    [InlineData("fromAi(toolCall.ort, \"Der Ort\", \"string\", {maxLength: 50})")]
    [InlineData("fromAi(toolCall.ort, \"Der Ort\", \"string\", {maxLength: 50}, {required: false})")]
    [InlineData("fromAi(value: toolCall.ort, description: \"Der Ort\")")]
    public void Returns_its_value_whatever_describes_it(string expression)
    {
        var toolCall = FeelValue.FromContext([new("ort", Str("Augsburg"))]);

        var result = Eval(expression, out var warnings, ("toolCall", toolCall));

        Assert.Equal(Str("Augsburg"), result);
        Assert.Empty(warnings);
    }
}
