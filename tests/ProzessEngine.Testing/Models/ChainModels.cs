namespace ProzessEngine.Testing.Models;

/// <summary>
/// Models whose instances start or trigger one another (Engine:Limits:MaxCallDepth and MaxSignalDeliveriesPerCommand):
/// a process that calls itself, one that signals itself, one that restarts itself after a wait, and signal throwers and
/// waiters for the fan-out. Shared by the core, persistence and API tests.
/// </summary>
public static class ChainModels
{
    private const string Head = """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"
                          id="d" targetNamespace="http://bpmn.io/schema/bpmn">
        """;

    /// <summary>
    /// start → call activity "selbst" that calls the process itself → end. The called process id is an expression, as in
    /// the penetration test, so that the check at deployment (which follows only fixed ids) does not see the loop.
    /// </summary>
    public static string CallsItself(string processId) => Head + $"""
          <bpmn:process id="{processId}" isExecutable="true">
            <bpmn:startEvent id="start" />
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="selbst" />
            <bpmn:callActivity id="selbst">
              <bpmn:extensionElements><zeebe:calledElement processId="=&quot;{processId}&quot;" propagateAllChildVariables="false" /></bpmn:extensionElements>
            </bpmn:callActivity>
            <bpmn:sequenceFlow id="f2" sourceRef="selbst" targetRef="end" />
            <bpmn:endEvent id="end" />
          </bpmn:process>
        </bpmn:definitions>
        """;

    /// <summary>Signal start event "start" → signal throw event "weitersagen" of the same signal → end.</summary>
    public static string SignalsItself(string processId, string signalName) => Head + $"""
          <bpmn:process id="{processId}" isExecutable="true">
            <bpmn:startEvent id="start"><bpmn:signalEventDefinition signalRef="s" /></bpmn:startEvent>
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="weitersagen" />
            <bpmn:intermediateThrowEvent id="weitersagen"><bpmn:signalEventDefinition signalRef="s" /></bpmn:intermediateThrowEvent>
            <bpmn:sequenceFlow id="f2" sourceRef="weitersagen" targetRef="end" />
            <bpmn:endEvent id="end" />
          </bpmn:process>
          <bpmn:signal id="s" name="{signalName}" />
        </bpmn:definitions>
        """;

    /// <summary>
    /// Message start event "start" → timer "wiedervorlage" (PT1H) → message throw event "erneut" that publishes the same
    /// message → end: a process that restarts itself after a wait, every hour, for ever. Legitimate: it must never hit
    /// MaxCallDepth, however many rounds it runs.
    /// </summary>
    public static string RestartsItselfAfterAnHour(string processId, string messageName) => Head + $"""
          <bpmn:process id="{processId}" isExecutable="true">
            <bpmn:startEvent id="start"><bpmn:messageEventDefinition messageRef="m" /></bpmn:startEvent>
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="wiedervorlage" />
            <bpmn:intermediateCatchEvent id="wiedervorlage">
              <bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition>
            </bpmn:intermediateCatchEvent>
            <bpmn:sequenceFlow id="f2" sourceRef="wiedervorlage" targetRef="erneut" />
            <bpmn:intermediateThrowEvent id="erneut">
              <bpmn:extensionElements><zeebe:publishMessage timeToLive="PT0S" /></bpmn:extensionElements>
              <bpmn:messageEventDefinition messageRef="m" />
            </bpmn:intermediateThrowEvent>
            <bpmn:sequenceFlow id="f3" sourceRef="erneut" targetRef="end" />
            <bpmn:endEvent id="end" />
          </bpmn:process>
          <bpmn:message id="m" name="{messageName}" />
        </bpmn:definitions>
        """;

    /// <summary>start → signal catch event "warten" → end: one receiver of the signal per instance.</summary>
    public static string WaitsForSignal(string processId, string signalName) => Head + $"""
          <bpmn:process id="{processId}" isExecutable="true">
            <bpmn:startEvent id="start" />
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="warten" />
            <bpmn:intermediateCatchEvent id="warten"><bpmn:signalEventDefinition signalRef="s" /></bpmn:intermediateCatchEvent>
            <bpmn:sequenceFlow id="f2" sourceRef="warten" targetRef="end" />
            <bpmn:endEvent id="end" />
          </bpmn:process>
          <bpmn:signal id="s" name="{signalName}" />
        </bpmn:definitions>
        """;

    /// <summary>start → signal throw events "erstes" and "zweites" (each <paramref name="signalName"/>) one after the other → end.</summary>
    public static string ThrowsSignalTwice(string processId, string signalName) => Head + $"""
          <bpmn:process id="{processId}" isExecutable="true">
            <bpmn:startEvent id="start" />
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="erstes" />
            <bpmn:intermediateThrowEvent id="erstes"><bpmn:signalEventDefinition signalRef="s" /></bpmn:intermediateThrowEvent>
            <bpmn:sequenceFlow id="f2" sourceRef="erstes" targetRef="zweites" />
            <bpmn:intermediateThrowEvent id="zweites"><bpmn:signalEventDefinition signalRef="s" /></bpmn:intermediateThrowEvent>
            <bpmn:sequenceFlow id="f3" sourceRef="zweites" targetRef="end" />
            <bpmn:endEvent id="end" />
          </bpmn:process>
          <bpmn:signal id="s" name="{signalName}" />
        </bpmn:definitions>
        """;

    /// <summary>
    /// start → gateway → message catch event "warten" (<paramref name="listensTo"/>, correlation key =fall) → message throw
    /// event "antworten" publishing <paramref name="answersWith"/> (same key) → back to the gateway: it waits, answers,
    /// waits again. Two of them answering each other play ping-pong without end.
    /// </summary>
    public static string AnswersMessages(string processId, string listensTo, string answersWith) => Head + $"""
          <bpmn:process id="{processId}" isExecutable="true">
            <bpmn:startEvent id="start" />
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="wieder" />
            <bpmn:exclusiveGateway id="wieder" />
            <bpmn:sequenceFlow id="f2" sourceRef="wieder" targetRef="warten" />
            <bpmn:intermediateCatchEvent id="warten"><bpmn:messageEventDefinition messageRef="ein" /></bpmn:intermediateCatchEvent>
            <bpmn:sequenceFlow id="f3" sourceRef="warten" targetRef="antworten" />
            <bpmn:intermediateThrowEvent id="antworten">
              <bpmn:extensionElements><zeebe:publishMessage correlationKey="=fall" /></bpmn:extensionElements>
              <bpmn:messageEventDefinition messageRef="aus" />
            </bpmn:intermediateThrowEvent>
            <bpmn:sequenceFlow id="f4" sourceRef="antworten" targetRef="wieder" />
          </bpmn:process>
          <bpmn:message id="ein" name="{listensTo}">
            <bpmn:extensionElements><zeebe:subscription correlationKey="=fall" /></bpmn:extensionElements>
          </bpmn:message>
          <bpmn:message id="aus" name="{answersWith}" />
        </bpmn:definitions>
        """;
}
