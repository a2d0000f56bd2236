namespace ProzessEngine.Testing.Models;

/// <summary>
/// Models whose instances talk to other instances (call activities, messages, signals, start events), shared by the
/// persistence, API and cluster tests.
/// </summary>
public static class RoutingModels
{
    public const string Head = """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"
                          id="d" targetNamespace="http://bpmn.io/schema/bpmn">
        """;

    public const string ParentCallingChild = Head + """
          <bpmn:process id="bauantrag" isExecutable="true">
            <bpmn:startEvent id="start" />
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="pruefung-aufrufen" />
            <bpmn:callActivity id="pruefung-aufrufen">
              <bpmn:extensionElements><zeebe:calledElement processId="fachpruefung" propagateAllChildVariables="true" /></bpmn:extensionElements>
            </bpmn:callActivity>
            <bpmn:sequenceFlow id="f2" sourceRef="pruefung-aufrufen" targetRef="end" />
            <bpmn:endEvent id="end" />
          </bpmn:process>
        </bpmn:definitions>
        """;

    public const string ChildWithTask = Head + """
          <bpmn:process id="fachpruefung" isExecutable="true">
            <bpmn:startEvent id="start" />
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="pruefen" />
            <bpmn:userTask id="pruefen" name="Fachlich prüfen">
              <bpmn:extensionElements><zeebe:assignmentDefinition candidateGroups="bauamt" /></bpmn:extensionElements>
            </bpmn:userTask>
            <bpmn:sequenceFlow id="f2" sourceRef="pruefen" targetRef="end" />
            <bpmn:endEvent id="end" />
          </bpmn:process>
        </bpmn:definitions>
        """;

    public const string WaitForDocuments = Head + """
          <bpmn:process id="nachreichung" isExecutable="true">
            <bpmn:startEvent id="start" />
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="warten" />
            <bpmn:intermediateCatchEvent id="warten">
              <bpmn:messageEventDefinition messageRef="m" />
            </bpmn:intermediateCatchEvent>
            <bpmn:sequenceFlow id="f2" sourceRef="warten" targetRef="end" />
            <bpmn:endEvent id="end" />
          </bpmn:process>
          <bpmn:message id="m" name="Unterlagen eingegangen">
            <bpmn:extensionElements><zeebe:subscription correlationKey="=antragId" /></bpmn:extensionElements>
          </bpmn:message>
        </bpmn:definitions>
        """;

    public const string StartedByMessage = Head + """
          <bpmn:process id="eingang" isExecutable="true">
            <bpmn:startEvent id="start"><bpmn:messageEventDefinition messageRef="m" /></bpmn:startEvent>
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="sichten" />
            <bpmn:userTask id="sichten" />
            <bpmn:sequenceFlow id="f2" sourceRef="sichten" targetRef="end" />
            <bpmn:endEvent id="end" />
          </bpmn:process>
          <bpmn:message id="m" name="Antrag eingegangen" />
        </bpmn:definitions>
        """;

    public const string WaitForSignal = Head + """
          <bpmn:process id="stichtag" isExecutable="true">
            <bpmn:startEvent id="start" />
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="warten" />
            <bpmn:intermediateCatchEvent id="warten"><bpmn:signalEventDefinition signalRef="s" /></bpmn:intermediateCatchEvent>
            <bpmn:sequenceFlow id="f2" sourceRef="warten" targetRef="end" />
            <bpmn:endEvent id="end" />
          </bpmn:process>
          <bpmn:signal id="s" name="Stichtag erreicht" />
        </bpmn:definitions>
        """;

    public const string StartedBySignal = Head + """
          <bpmn:process id="bericht" isExecutable="true">
            <bpmn:startEvent id="start"><bpmn:signalEventDefinition signalRef="s" /></bpmn:startEvent>
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="schreiben" />
            <bpmn:userTask id="schreiben" />
            <bpmn:sequenceFlow id="f2" sourceRef="schreiben" targetRef="end" />
            <bpmn:endEvent id="end" />
          </bpmn:process>
          <bpmn:signal id="s" name="Stichtag erreicht" />
        </bpmn:definitions>
        """;

    public static string StartedByTimer(string cycle) => Head + $"""
          <bpmn:process id="mahnlauf" isExecutable="true">
            <bpmn:startEvent id="start">
              <bpmn:timerEventDefinition><bpmn:timeCycle>{cycle}</bpmn:timeCycle></bpmn:timerEventDefinition>
            </bpmn:startEvent>
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="mahnen" />
            <bpmn:userTask id="mahnen" />
            <bpmn:sequenceFlow id="f2" sourceRef="mahnen" targetRef="end" />
            <bpmn:endEvent id="end" />
          </bpmn:process>
        </bpmn:definitions>
        """;
}
