namespace ProzessEngine.Testing.Models;

/// <summary>
/// A fee decision and a process that routes on it, shared by the Core, Persistence, Host and benchmark tests: the
/// business rule task "gebuehr_bestimmen" calls the decision "gebuehr" and the gateway sends fees above 50 to a clerk.
/// </summary>
public static class DecisionModels
{
    public const string DecisionId = "gebuehr";
    public const string RequirementsId = "gebuehren";
    public const string ProcessId = "gebuehrenbescheid";

    /// <summary>
    /// UNIQUE table on "betrag" and "art": up to 100 costs 10, above 100 costs 80 for businesses and 30 for private
    /// persons. "art" = "beides" matches two rules (r2 and r3), which violates UNIQUE; a text "betrag" is a type error.
    /// </summary>
    public static string FeeTable(string versionTag = "2026", int privateFee = 30) => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"
                     id="{RequirementsId}" name="Gebühren" namespace="http://camunda.org/schema/1.0/dmn">
          <decision id="{DecisionId}" name="Gebühr">
            <extensionElements><zeebe:versionTag value="{versionTag}" /></extensionElements>
            <decisionTable id="gebuehr_tabelle" hitPolicy="UNIQUE">
              <input id="in_betrag" label="Betrag">
                <inputExpression id="in_betrag_expr" typeRef="number"><text>betrag</text></inputExpression>
              </input>
              <input id="in_art" label="Art">
                <inputExpression id="in_art_expr" typeRef="string"><text>art</text></inputExpression>
              </input>
              <output id="out_gebuehr" name="gebuehr" typeRef="number" />
              <rule id="r1">
                <inputEntry id="r1a"><text>&lt;= 100</text></inputEntry>
                <inputEntry id="r1b"><text>-</text></inputEntry>
                <outputEntry id="r1o"><text>10</text></outputEntry>
              </rule>
              <rule id="r2">
                <inputEntry id="r2a"><text>&gt; 100</text></inputEntry>
                <inputEntry id="r2b"><text>"gewerblich","beides"</text></inputEntry>
                <outputEntry id="r2o"><text>80</text></outputEntry>
              </rule>
              <rule id="r3">
                <inputEntry id="r3a"><text>&gt; 100</text></inputEntry>
                <inputEntry id="r3b"><text>"privat","beides"</text></inputEntry>
                <outputEntry id="r3o"><text>{privateFee}</text></outputEntry>
              </rule>
            </decisionTable>
          </decision>
        </definitions>
        """;

    /// <summary>A literal expression, to show a decision that is not a table.</summary>
    public const string Greeting = """
        <?xml version="1.0" encoding="UTF-8"?>
        <definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="gruesse" name="Grüße" namespace="http://camunda.org/schema/1.0/dmn">
          <decision id="gruss" name="Gruß">
            <variable name="gruss" typeRef="string" />
            <literalExpression id="gruss_text"><text>"Guten Tag, " + name</text></literalExpression>
          </decision>
        </definitions>
        """;

    /// <summary>The process: decide the fee, then a clerk checks fees above 50 and everything else ends at once.</summary>
    public static string FeeProcess(string calledDecision = $"""<zeebe:calledDecision decisionId="{DecisionId}" resultVariable="gebuehr" />""") => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"
                          xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="defs_{ProcessId}" targetNamespace="http://bpmn.io/schema/bpmn">
          <bpmn:process id="{ProcessId}" isExecutable="true">
            <bpmn:startEvent id="start" />
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="gebuehr_bestimmen" />
            <bpmn:businessRuleTask id="gebuehr_bestimmen" name="Gebühr bestimmen">
              <bpmn:extensionElements>{calledDecision}</bpmn:extensionElements>
            </bpmn:businessRuleTask>
            <bpmn:sequenceFlow id="f2" sourceRef="gebuehr_bestimmen" targetRef="hoch" />
            <bpmn:exclusiveGateway id="hoch" default="f_niedrig" />
            <bpmn:sequenceFlow id="f_hoch" sourceRef="hoch" targetRef="pruefen">
              <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">=gebuehr &gt; 50</bpmn:conditionExpression>
            </bpmn:sequenceFlow>
            <bpmn:sequenceFlow id="f_niedrig" sourceRef="hoch" targetRef="ende_niedrig" />
            <bpmn:userTask id="pruefen" name="Gebühr prüfen">
              <bpmn:extensionElements><zeebe:assignmentDefinition candidateGroups="fachamt" /></bpmn:extensionElements>
            </bpmn:userTask>
            <bpmn:sequenceFlow id="f3" sourceRef="pruefen" targetRef="ende_hoch" />
            <bpmn:endEvent id="ende_niedrig" />
            <bpmn:endEvent id="ende_hoch" />
          </bpmn:process>
        </bpmn:definitions>
        """;
}
