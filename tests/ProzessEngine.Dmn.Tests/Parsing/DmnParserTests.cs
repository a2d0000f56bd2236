using static ProzessEngine.Dmn.Tests.DmnTestModels;

namespace ProzessEngine.Dmn.Tests.Parsing;

public sealed class DmnParserTests
{
    [Fact]
    public void Feel_syntax_error_in_a_cell_names_rule_input_line_and_column()
    {
        var xml = FeeTable("UNIQUE").Replace("[50..1000]", "[50..", StringComparison.Ordinal);

        var result = DmnParser.Parse(xml);

        Assert.False(result.Succeeded);
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal("r2a", diagnostic.ElementId);
        Assert.Contains("rule 2 (r2), input 'Betrag'", diagnostic.Message, StringComparison.Ordinal);
        Assert.True(diagnostic.Line > 0 && diagnostic.Column > 0);
    }

    [Fact]
    public void All_problems_are_reported_at_once()
    {
        var xml = Definitions("""
              <decision id="a" name="A">
                <variable name="A" typeRef="tMissing" />
                <informationRequirement id="i1"><requiredDecision href="#b" /></informationRequirement>
                <literalExpression><text>B + </text></literalExpression>
              </decision>
              <decision id="b" name="B">
                <informationRequirement id="i2"><requiredDecision href="#a" /></informationRequirement>
                <informationRequirement id="i3"><requiredInput href="#nowhere" /></informationRequirement>
                <literalExpression><text>1</text></literalExpression>
              </decision>
            """);

        var result = DmnParser.Parse(xml);

        Assert.Null(result.Model);
        var messages = string.Join("\n", result.Diagnostics.Select(d => d.Message));
        Assert.Contains("unknown typeRef 'tMissing'", messages, StringComparison.Ordinal);
        Assert.Contains("requires itself", messages, StringComparison.Ordinal);
        Assert.Contains("'#nowhere' does not exist", messages, StringComparison.Ordinal);
        Assert.Contains("FEEL syntax error", messages, StringComparison.Ordinal);
    }

    [Fact]
    public void Dtd_is_rejected()
    {
        var xml = """<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "boom">]><definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="d" name="d" namespace="n">&e;</definitions>""";

        var result = DmnParser.Parse(xml);

        Assert.Null(result.Model);
        Assert.Contains("not well-formed", Assert.Single(result.Diagnostics).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://www.omg.org/spec/DMN/20180521/MODEL/")]
    [InlineData("https://www.omg.org/spec/DMN/20191111/MODEL/")]
    [InlineData("https://www.omg.org/spec/DMN/20211108/MODEL/")]
    [InlineData("https://www.omg.org/spec/DMN/20230324/MODEL/")]
    public void Dmn_12_to_15_namespaces_are_read(string ns)
    {
        var model = Parse(Definitions("""<decision id="d" name="D"><literalExpression><text>1 + 1</text></literalExpression></decision>""", ns));

        Assert.Equal(DmnTestModels.Number(2), model.Evaluate("d", ProzessEngine.Feel.FeelVariables.Empty).Output);
    }

    [Fact]
    public void Unknown_namespace_is_rejected()
    {
        var result = DmnParser.Parse("""<definitions xmlns="urn:other" id="d" name="d" namespace="n" />""");

        Assert.Null(result.Model);
        Assert.Contains("DMN definitions element", Assert.Single(result.Diagnostics).Message, StringComparison.Ordinal);
    }
}
