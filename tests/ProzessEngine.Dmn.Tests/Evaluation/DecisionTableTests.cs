using ProzessEngine.Feel;
using static ProzessEngine.Dmn.Tests.DmnTestModels;

namespace ProzessEngine.Dmn.Tests.Evaluation;

public sealed class DecisionTableTests
{
    [Fact]
    public void Unique_table_gives_the_single_matching_rules_output()
    {
        var model = Parse(FeeTable("UNIQUE"));

        var result = model.Evaluate("fee", Variables(("Betrag", Number(20)), ("art", Text("firma"))));

        Assert.True(result.Succeeded);
        Assert.Equal(Number(10), result.Output);
        var evaluated = Assert.Single(result.EvaluatedDecisions);
        Assert.Equal("DECISION_TABLE", evaluated.DecisionType);
        Assert.Equal(["amount", "kind"], evaluated.Inputs.Select(i => i.InputId));
        var rule = Assert.Single(evaluated.MatchedRules);
        Assert.Equal(("r1", 1), (rule.RuleId, rule.RuleIndex));
        Assert.Equal(Number(10), Assert.Single(rule.Outputs).Value);
    }

    [Fact]
    public void Unique_table_with_two_matches_fails_naming_decision_and_rules()
    {
        var model = Parse(FeeTable("UNIQUE"));

        var result = model.Evaluate("fee", Variables(("Betrag", Number(90)), ("art", Text("privat"))));

        Assert.False(result.Succeeded);
        Assert.True(result.Output.IsNull);
        Assert.Equal("fee", result.Failure!.DecisionId);
        Assert.Equal(["r1", "r2", "r3"], result.Failure.RuleIds);
        Assert.Contains("UNIQUE", result.Failure.Message, StringComparison.Ordinal);
        Assert.Contains("rule 2 (r2)", result.Failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void First_table_stops_at_the_first_match()
    {
        var model = Parse(FeeTable("FIRST"));

        var result = model.Evaluate("fee", Variables(("Betrag", Number(90)), ("art", Text("privat"))));

        Assert.True(result.Succeeded);
        Assert.Equal(Number(10), result.Output);
        Assert.Equal("r1", Assert.Single(result.EvaluatedDecisions[0].MatchedRules).RuleId);
    }

    [Fact]
    public void Collect_table_gives_a_list_in_rule_order()
    {
        var model = Parse(FeeTable("COLLECT"));

        var result = model.Evaluate("fee", Variables(("Betrag", Number(90)), ("art", Text("privat"))));

        Assert.Equal(FeelValue.FromList([Number(10), Number(20), Number(9)]), result.Output);
    }

    [Theory]
    [InlineData("SUM", 39)]
    [InlineData("MIN", 9)]
    [InlineData("MAX", 20)]
    [InlineData("COUNT", 3)]
    public void Collect_with_aggregation_aggregates_the_outputs(string aggregation, int expected)
    {
        var model = Parse(FeeTable("COLLECT", $"aggregation=\"{aggregation}\""));

        var result = model.Evaluate("fee", Variables(("Betrag", Number(90)), ("art", Text("privat"))));

        Assert.Equal(Number(expected), result.Output);
    }

    [Fact]
    public void No_matching_rule_gives_null_without_failure()
    {
        var model = Parse(FeeTable("UNIQUE"));

        var result = model.Evaluate("fee", Variables(("Betrag", FeelValue.Null), ("art", Text("firma"))));

        Assert.True(result.Succeeded);
        Assert.True(result.Output.IsNull);
        Assert.Empty(result.EvaluatedDecisions[0].MatchedRules);
    }

    [Fact]
    public void Input_of_the_wrong_type_is_a_failure_naming_decision_and_input()
    {
        var model = Parse(FeeTable("FIRST"));

        var result = model.Evaluate("fee", Variables(("Betrag", Text("zwanzig")), ("art", Text("firma"))));

        Assert.False(result.Succeeded);
        Assert.True(result.Output.IsNull);
        Assert.Equal("fee", result.Failure!.DecisionId);
        Assert.Contains("input 'Betrag'", result.Failure.Message, StringComparison.Ordinal);
    }
}
