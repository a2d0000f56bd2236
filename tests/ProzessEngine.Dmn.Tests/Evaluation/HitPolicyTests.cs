using ProzessEngine.Feel;
using static ProzessEngine.Dmn.Tests.DmnTestModels;

namespace ProzessEngine.Dmn.Tests.Evaluation;

public sealed class HitPolicyTests
{
    /// <summary>A risk table: two outputs (class, score), output values ranking "hoch" above "mittel" above "gering".</summary>
    private static string RiskTable(string hitPolicy, string defaults = "") => Definitions($"""
          <decision id="risk" name="Risk">
            <decisionTable id="t" hitPolicy="{hitPolicy}">
              <input id="in" label="Betrag"><inputExpression typeRef="number"><text>Betrag</text></inputExpression>
                <inputValues><text>[0..10000]</text></inputValues>
              </input>
              <output id="o1" name="klasse" typeRef="string">
                <outputValues><text>"hoch","mittel","gering"</text></outputValues>
                {defaults}
              </output>
              <output id="o2" name="punkte" typeRef="number" />
              <rule id="a"><inputEntry><text>&gt; 10</text></inputEntry><outputEntry><text>"gering"</text></outputEntry><outputEntry><text>1</text></outputEntry></rule>
              <rule id="b"><inputEntry><text>&gt; 100</text></inputEntry><outputEntry><text>"hoch"</text></outputEntry><outputEntry><text>3</text></outputEntry></rule>
              <rule id="c"><inputEntry><text>&gt; 50</text></inputEntry><outputEntry><text>"mittel"</text></outputEntry><outputEntry><text>2</text></outputEntry></rule>
              <rule id="d"><inputEntry><text>= 7</text></inputEntry><outputEntry><text>"unbekannt"</text></outputEntry><outputEntry><text>0</text></outputEntry></rule>
            </decisionTable>
          </decision>
        """);

    private static FeelValue Risk(string klasse, int punkte) => FeelValue.FromContext([new("klasse", Text(klasse)), new("punkte", Number(punkte))]);

    [Fact]
    public void Priority_picks_the_output_ranked_highest_in_the_output_values()
    {
        var result = Parse(RiskTable("PRIORITY")).Evaluate("risk", Variables(("Betrag", Number(500))));

        Assert.True(result.Succeeded);
        Assert.Equal(Risk("hoch", 3), result.Output);
    }

    [Fact]
    public void Output_order_sorts_by_priority_and_rule_order_gives_rule_order()
    {
        var model = Parse(RiskTable("OUTPUT ORDER"));
        var ruleOrder = Parse(RiskTable("RULE ORDER"));

        Assert.Equal(FeelValue.FromList([Risk("hoch", 3), Risk("mittel", 2), Risk("gering", 1)]), model.Evaluate("risk", Variables(("Betrag", Number(500)))).Output);
        Assert.Equal(FeelValue.FromList([Risk("gering", 1), Risk("hoch", 3), Risk("mittel", 2)]), ruleOrder.Evaluate("risk", Variables(("Betrag", Number(500)))).Output);
    }

    [Fact]
    public void Any_with_differing_outputs_fails_naming_the_rules()
    {
        var result = Parse(RiskTable("ANY")).Evaluate("risk", Variables(("Betrag", Number(60))));

        Assert.False(result.Succeeded);
        Assert.True(result.Output.IsNull);
        Assert.Equal(["a", "c"], result.Failure!.RuleIds);
        Assert.Contains("hit policy ANY violated", result.Failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Output_not_among_the_output_values_fails_naming_rule_and_output()
    {
        var result = Parse(RiskTable("FIRST")).Evaluate("risk", Variables(("Betrag", Number(7))));

        Assert.False(result.Succeeded);
        Assert.Contains("rule 4 (d), output 'klasse'", result.Failure!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Input_not_among_the_input_values_fails_naming_the_input()
    {
        var result = Parse(RiskTable("FIRST")).Evaluate("risk", Variables(("Betrag", Number(20000))));

        Assert.False(result.Succeeded);
        Assert.Equal("risk", result.Failure!.DecisionId);
        Assert.Contains("input 'Betrag'", result.Failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void No_match_gives_the_default_output()
    {
        var model = Parse(RiskTable("FIRST", "<defaultOutputEntry><text>\"gering\"</text></defaultOutputEntry>"));

        var result = model.Evaluate("risk", Variables(("Betrag", Number(5))));

        Assert.True(result.Succeeded);
        Assert.Equal(FeelValue.FromContext([new("klasse", Text("gering")), new("punkte", FeelValue.Null)]), result.Output);
    }
}
