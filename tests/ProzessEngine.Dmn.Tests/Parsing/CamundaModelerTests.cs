using ProzessEngine.Feel;

namespace ProzessEngine.Dmn.Tests.Parsing;

/// <summary>A file as Camunda Modeler 5 writes it for Camunda 8: DMN 1.3, diagram interchange, modeler attributes.</summary>
public sealed class CamundaModelerTests
{
    private const string Xml = """
        <?xml version="1.0" encoding="UTF-8"?>
        <definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" xmlns:dmndi="https://www.omg.org/spec/DMN/20191111/DMNDI/" xmlns:dc="http://www.omg.org/spec/DMN/20180521/DC/" xmlns:modeler="http://camunda.org/schema/modeler/1.0" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="Zustaendigkeit" name="Zuständigkeit" namespace="http://camunda.org/schema/1.0/dmn" exporter="Camunda Modeler" exporterVersion="5.31.0" modeler:executionPlatform="Camunda Cloud" modeler:executionPlatformVersion="8.6.0">
          <decision id="amt" name="Zuständiges Amt">
            <extensionElements>
              <zeebe:versionTag value="2026-12" />
            </extensionElements>
            <decisionTable id="DecisionTable_1" hitPolicy="FIRST">
              <input id="Input_1" label="Anliegen" biodi:width="192" xmlns:biodi="http://bpmn.io/schema/dmn/biodi/2.0">
                <inputExpression id="InputExpression_1" typeRef="string">
                  <text>anliegen</text>
                </inputExpression>
              </input>
              <output id="Output_1" label="Amt" name="amt" typeRef="string" />
              <rule id="DecisionRule_1">
                <description>Bauanträge</description>
                <inputEntry id="UnaryTests_1"><text>"Bauantrag","Abriss"</text></inputEntry>
                <outputEntry id="LiteralExpression_1"><text>"Bauamt"</text></outputEntry>
              </rule>
              <rule id="DecisionRule_2">
                <inputEntry id="UnaryTests_2"><text></text></inputEntry>
                <outputEntry id="LiteralExpression_2"><text>"Bürgeramt"</text></outputEntry>
              </rule>
            </decisionTable>
          </decision>
          <dmndi:DMNDI>
            <dmndi:DMNDiagram>
              <dmndi:DMNShape dmnElementRef="amt">
                <dc:Bounds height="80" width="180" x="160" y="100" />
              </dmndi:DMNShape>
            </dmndi:DMNDiagram>
          </dmndi:DMNDI>
        </definitions>
        """;

    [Fact]
    public void Modeler_file_parses_with_version_tag_and_evaluates()
    {
        var model = DmnTestModels.Parse(Xml);

        Assert.Equal("Zustaendigkeit", model.Id);
        Assert.Equal(new DmnDecisionInfo("amt", "Zuständiges Amt", "2026-12"), Assert.Single(model.Decisions));
        var bau = model.Evaluate("amt", DmnTestModels.Variables(("anliegen", FeelValue.FromString("Abriss"))));
        var other = model.Evaluate("amt", DmnTestModels.Variables(("anliegen", FeelValue.FromString("Meldebescheinigung"))));
        Assert.Equal(FeelValue.FromString("Bauamt"), bau.Output);
        Assert.Equal(FeelValue.FromString("Bürgeramt"), other.Output);
        Assert.Equal("DecisionRule_2", Assert.Single(other.EvaluatedDecisions[0].MatchedRules).RuleId);
    }
}
