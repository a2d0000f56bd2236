namespace ProzessEngine.Testing.Models;

/// <summary>
/// Models that run long or run away within one instance (loops without a wait state, large multi-instances, tokens
/// created in a loop, large variables), shared by the core, persistence and benchmark runs. The loops are rejected at
/// deployment; deploy them with the check switched off (as if deployed before the check existed).
/// </summary>
public static class RunawayModels
{
    private const string Head = """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"
                          id="d" targetNamespace="http://bpmn.io/schema/bpmn">
        """;

    /// <summary>
    /// start → script task "count" (round := round + 1; start it with round = 0) → exclusive gateway "more" → back to
    /// "count" while <paramref name="condition"/> holds, else → end. With "true" it never ends.
    /// </summary>
    public static string ScriptLoop(string processId, string condition) => Head + $"""
          <bpmn:process id="{processId}" isExecutable="true">
            <bpmn:startEvent id="start" />
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="count" />
            <bpmn:scriptTask id="count">
              <bpmn:extensionElements><zeebe:script expression="=round + 1" resultVariable="round" /></bpmn:extensionElements>
            </bpmn:scriptTask>
            <bpmn:sequenceFlow id="f2" sourceRef="count" targetRef="more" />
            <bpmn:exclusiveGateway id="more" default="done" />
            <bpmn:sequenceFlow id="again" sourceRef="more" targetRef="count">
              <bpmn:conditionExpression>={System.Security.SecurityElement.Escape(condition)}</bpmn:conditionExpression>
            </bpmn:sequenceFlow>
            <bpmn:sequenceFlow id="done" sourceRef="more" targetRef="end" />
            <bpmn:endEvent id="end" />
          </bpmn:process>
        </bpmn:definitions>
        """;

    /// <summary>
    /// start → script task "double" for each item of <c>for i in 1..count return i</c> (doubled := item * 2), collected
    /// into <c>results</c> → end.
    /// </summary>
    public static string MultiInstance(string processId, bool sequential) => Head + $"""
          <bpmn:process id="{processId}" isExecutable="true">
            <bpmn:startEvent id="start" />
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="double" />
            <bpmn:scriptTask id="double">
              <bpmn:extensionElements><zeebe:script expression="=item * 2" resultVariable="doubled" /></bpmn:extensionElements>
              <bpmn:multiInstanceLoopCharacteristics isSequential="{(sequential ? "true" : "false")}">
                <bpmn:extensionElements>
                  <zeebe:loopCharacteristics inputCollection="=for i in 1..count return i" inputElement="item" outputCollection="results" outputElement="=doubled" />
                </bpmn:extensionElements>
              </bpmn:multiInstanceLoopCharacteristics>
            </bpmn:scriptTask>
            <bpmn:sequenceFlow id="f2" sourceRef="double" targetRef="end" />
            <bpmn:endEvent id="end" />
          </bpmn:process>
        </bpmn:definitions>
        """;

    /// <summary>
    /// start → exclusive gateway "join" → parallel gateway "fork" → a user task "wait" and, beside it, manual task "again"
    /// → "join": a new waiting token each round.
    /// </summary>
    public static string ForkLoop(string processId) => Head + $"""
          <bpmn:process id="{processId}" isExecutable="true">
            <bpmn:startEvent id="start" />
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="join" />
            <bpmn:exclusiveGateway id="join" />
            <bpmn:sequenceFlow id="f2" sourceRef="join" targetRef="fork" />
            <bpmn:parallelGateway id="fork" />
            <bpmn:sequenceFlow id="f3" sourceRef="fork" targetRef="wait" />
            <bpmn:userTask id="wait" />
            <bpmn:sequenceFlow id="f4" sourceRef="fork" targetRef="again" />
            <bpmn:manualTask id="again" />
            <bpmn:sequenceFlow id="f5" sourceRef="again" targetRef="join" />
          </bpmn:process>
        </bpmn:definitions>
        """;

    /// <summary>start → script task "grow" (big := a list of <c>size</c> ten-letter strings) → user task "look" → end.</summary>
    public static string LargeVariable(string processId) => Head + $"""
          <bpmn:process id="{processId}" isExecutable="true">
            <bpmn:startEvent id="start" />
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="grow" />
            <bpmn:scriptTask id="grow">
              <bpmn:extensionElements><zeebe:script expression="=for i in 1..size return &quot;abcdefghij&quot;" resultVariable="big" /></bpmn:extensionElements>
            </bpmn:scriptTask>
            <bpmn:sequenceFlow id="f2" sourceRef="grow" targetRef="look" />
            <bpmn:userTask id="look" />
            <bpmn:sequenceFlow id="f3" sourceRef="look" targetRef="end" />
            <bpmn:endEvent id="end" />
          </bpmn:process>
        </bpmn:definitions>
        """;

    /// <summary>start → user task "wait" → end: an instance that someone else starts while a runaway runs.</summary>
    public static string Waiting(string processId) => Head + $"""
          <bpmn:process id="{processId}" isExecutable="true">
            <bpmn:startEvent id="start" />
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="wait" />
            <bpmn:userTask id="wait" />
            <bpmn:sequenceFlow id="f2" sourceRef="wait" targetRef="end" />
            <bpmn:endEvent id="end" />
          </bpmn:process>
        </bpmn:definitions>
        """;
}
