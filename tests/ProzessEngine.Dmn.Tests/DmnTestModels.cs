using ProzessEngine.Feel;

namespace ProzessEngine.Dmn.Tests;

/// <summary>Small DMN documents as Camunda Modeler writes them (DMN 1.3 namespace, zeebe extensions).</summary>
internal static class DmnTestModels
{
    public const string Dmn13 = "https://www.omg.org/spec/DMN/20191111/MODEL/";

    public static string Definitions(string body, string ns = Dmn13) => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <definitions xmlns="{ns}" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="fees" name="Fees" namespace="http://camunda.org/schema/1.0/dmn">
        {body}
        </definitions>
        """;

    /// <summary>A table deciding a fee from an amount ("Betrag") and a kind of applicant.</summary>
    public static string FeeTable(string hitPolicy, string aggregation = "") => Definitions($"""
          <decision id="fee" name="Fee">
            <decisionTable id="feeTable" hitPolicy="{hitPolicy}" {aggregation}>
              <input id="amount" label="Betrag">
                <inputExpression id="amountExpr" typeRef="number"><text>Betrag</text></inputExpression>
              </input>
              <input id="kind" label="Art">
                <inputExpression id="kindExpr" typeRef="string"><text>art</text></inputExpression>
              </input>
              <output id="feeOut" name="fee" typeRef="number" />
              <rule id="r1">
                <inputEntry id="r1a"><text>&lt; 100</text></inputEntry>
                <inputEntry id="r1b"><text>-</text></inputEntry>
                <outputEntry id="r1o"><text>10</text></outputEntry>
              </rule>
              <rule id="r2">
                <inputEntry id="r2a"><text>[50..1000]</text></inputEntry>
                <inputEntry id="r2b"><text>"privat"</text></inputEntry>
                <outputEntry id="r2o"><text>20</text></outputEntry>
              </rule>
              <rule id="r3">
                <inputEntry id="r3a"><text>&gt;= 80</text></inputEntry>
                <inputEntry id="r3b"><text>-</text></inputEntry>
                <outputEntry id="r3o"><text>Betrag * 0.1</text></outputEntry>
              </rule>
            </decisionTable>
          </decision>
        """);

    public static DmnModel Parse(string xml)
    {
        var result = DmnParser.Parse(xml);
        Assert.True(result.Succeeded, string.Join(Environment.NewLine, result.Diagnostics.Select(d => $"{d.ElementId} {d.Line}:{d.Column} {d.Message}")));
        return result.Model!;
    }

    public static FeelVariables Variables(params (string Name, FeelValue Value)[] values) =>
        new(values.Select(v => new KeyValuePair<string, FeelValue>(v.Name, v.Value)));

    public static FeelValue Number(decimal value) => FeelValue.FromNumber(value);

    public static FeelValue Text(string value) => FeelValue.FromString(value);
}
