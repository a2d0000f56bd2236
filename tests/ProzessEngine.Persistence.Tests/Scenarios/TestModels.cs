namespace ProzessEngine.Persistence.Tests.Scenarios;

internal static class TestModels
{
    public static string UserTaskProcess(string id = "antrag", string taskName = "Prüfen", string form = "", string processExtensions = "") => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"
                          id="d" targetNamespace="http://bpmn.io/schema/bpmn">
          <bpmn:process id="{id}" isExecutable="true">
            {processExtensions}
            <bpmn:startEvent id="start" />
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="pruefen" />
            <bpmn:userTask id="pruefen" name="{taskName}">
              <bpmn:extensionElements>
                <zeebe:assignmentDefinition candidateGroups="fachamt, kasse" />
                {form}
              </bpmn:extensionElements>
            </bpmn:userTask>
            <bpmn:sequenceFlow id="f2" sourceRef="pruefen" targetRef="end" />
            <bpmn:endEvent id="end" />
          </bpmn:process>
        </bpmn:definitions>
        """;

    public const string TimerThenTask = """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"
                          id="d" targetNamespace="http://bpmn.io/schema/bpmn">
          <bpmn:process id="erinnerung" isExecutable="true">
            <bpmn:startEvent id="start" />
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="warten" />
            <bpmn:intermediateCatchEvent id="warten">
              <bpmn:timerEventDefinition><bpmn:timeDuration>PT10M</bpmn:timeDuration></bpmn:timerEventDefinition>
            </bpmn:intermediateCatchEvent>
            <bpmn:sequenceFlow id="f2" sourceRef="warten" targetRef="end" />
            <bpmn:endEvent id="end" />
          </bpmn:process>
        </bpmn:definitions>
        """;

    public static string WithRetention(string days) =>
        $"""<bpmn:extensionElements><zeebe:properties><zeebe:property name="prozessengine:retentionDays" value="{days}" /></zeebe:properties></bpmn:extensionElements>""";

    public const string Form = """
        {"id":"pruef-formular","type":"default","schemaVersion":16,"components":[{"type":"checkbox","key":"ok","label":"In Ordnung","id":"Field_ok"}]}
        """;
}
