using ProzessEngine.Bpmn.Model;
using ProzessEngine.Feel;

namespace ProzessEngine.Bpmn.Tests;

/// <summary>Execution listeners, task listeners and job-worker ad-hoc sub-processes: read as Camunda 8 writes them, refused where Camunda refuses them.</summary>
public sealed class ListenerParsingTests
{
    private readonly BpmnParser _parser = new(new FeelEngine(), new BpmnParserOptions());

    private static string Model(string body, string processExtensions = "") => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
                          xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"
                          xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="defs" targetNamespace="t">
          <bpmn:error id="err" errorCode="E" />
          <bpmn:escalation id="esc" escalationCode="X" />
          <bpmn:process id="p" isExecutable="true">
            {processExtensions}
            {body}
          </bpmn:process>
        </bpmn:definitions>
        """;

    private static string Around(string element) => Model($"""
        <bpmn:startEvent id="s" />
        <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="x" />
        {element}
        <bpmn:sequenceFlow id="f2" sourceRef="x" targetRef="e" />
        <bpmn:endEvent id="e" />
        """);

    private static string Listeners(string eventType, string type = "t", string retries = "") =>
        $"""<zeebe:executionListeners><zeebe:executionListener eventType="{eventType}" type="{type}" {retries} /></zeebe:executionListeners>""";

    [Fact]
    public void Execution_listeners_are_read_in_document_order_with_their_retries()
    {
        var result = _parser.Parse(Around($"""
            <bpmn:serviceTask id="x">
              <bpmn:extensionElements>
                <zeebe:taskDefinition type="arbeit" />
                <zeebe:executionListeners>
                  <zeebe:executionListener eventType="start" type="erst" retries="5" />
                  <zeebe:executionListener eventType="end" type="=&quot;dann-&quot; + art" />
                  <zeebe:executionListener eventType="start" type="zweit" />
                </zeebe:executionListeners>
              </bpmn:extensionElements>
            </bpmn:serviceTask>
            """));

        Assert.True(result.Success, string.Join("; ", result.Errors));
        var listeners = result.Processes[0].GetNode("x").ExecutionListeners;
        Assert.Equal([ExecutionListenerEventType.Start, ExecutionListenerEventType.End, ExecutionListenerEventType.Start], listeners.Select(l => l.EventType));
        Assert.Equal("erst", listeners[0].Type.Text);
        Assert.Equal("5", listeners[0].Retries.Text);
        Assert.True(listeners[1].Type.IsExpression);
        Assert.Equal("3", listeners[2].Retries.Text);
    }

    [Fact]
    public void Process_listeners_belong_to_the_model()
    {
        var result = _parser.Parse(Model("""
            <bpmn:startEvent id="s" />
            <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="e" />
            <bpmn:endEvent id="e" />
            """, $"<bpmn:extensionElements>{Listeners("end", "fertig")}</bpmn:extensionElements>"));

        Assert.True(result.Success, string.Join("; ", result.Errors));
        Assert.Equal("fertig", Assert.Single(result.Processes[0].ExecutionListeners).Type.Text);
    }

    [Theory]
    [InlineData("""<bpmn:exclusiveGateway id="x"><bpmn:extensionElements>{0}</bpmn:extensionElements></bpmn:exclusiveGateway>""", "end", "gateway")]
    [InlineData("""<bpmn:parallelGateway id="x"><bpmn:extensionElements>{0}</bpmn:extensionElements></bpmn:parallelGateway>""", "end", "gateway")]
    [InlineData("""<bpmn:intermediateThrowEvent id="x"><bpmn:extensionElements>{0}</bpmn:extensionElements><bpmn:escalationEventDefinition escalationRef="esc" /></bpmn:intermediateThrowEvent>""", "end", "escalation")]
    public void Listeners_Camunda_cannot_run_are_rejected_with_the_element_id(string element, string eventType, string reason)
    {
        var result = _parser.Parse(Around(string.Format(System.Globalization.CultureInfo.InvariantCulture, element, Listeners(eventType))));

        var error = Assert.Single(result.Errors, e => e.ElementId == "x");
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Start_listeners_on_start_and_boundary_events_and_end_listeners_on_error_end_events_are_rejected()
    {
        var result = _parser.Parse(Model($"""
            <bpmn:startEvent id="s"><bpmn:extensionElements>{Listeners("start")}</bpmn:extensionElements></bpmn:startEvent>
            <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="task" />
            <bpmn:serviceTask id="task"><bpmn:extensionElements><zeebe:taskDefinition type="a" /></bpmn:extensionElements></bpmn:serviceTask>
            <bpmn:boundaryEvent id="b" attachedToRef="task">
              <bpmn:extensionElements>{Listeners("start")}</bpmn:extensionElements>
              <bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition>
            </bpmn:boundaryEvent>
            <bpmn:sequenceFlow id="f2" sourceRef="task" targetRef="e" />
            <bpmn:sequenceFlow id="f3" sourceRef="b" targetRef="fehler" />
            <bpmn:endEvent id="e" />
            <bpmn:endEvent id="fehler"><bpmn:extensionElements>{Listeners("end")}</bpmn:extensionElements><bpmn:errorEventDefinition errorRef="err" /></bpmn:endEvent>
            """));

        Assert.Contains(result.Errors, e => e.ElementId == "s" && e.Message.Contains("start event", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.ElementId == "b" && e.Message.Contains("boundary event", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.ElementId == "fehler" && e.Message.Contains("error end event", StringComparison.Ordinal));
    }

    [Fact]
    public void End_listeners_on_start_and_boundary_events_are_accepted()
    {
        var result = _parser.Parse(Model($"""
            <bpmn:startEvent id="s"><bpmn:extensionElements>{Listeners("end")}</bpmn:extensionElements></bpmn:startEvent>
            <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="gw" />
            <bpmn:exclusiveGateway id="gw"><bpmn:extensionElements>{Listeners("start")}</bpmn:extensionElements></bpmn:exclusiveGateway>
            <bpmn:sequenceFlow id="f2" sourceRef="gw" targetRef="e" />
            <bpmn:endEvent id="e"><bpmn:extensionElements>{Listeners("end")}</bpmn:extensionElements></bpmn:endEvent>
            """));

        Assert.True(result.Success, string.Join("; ", result.Errors));
    }

    [Fact]
    public void A_loop_through_an_element_with_an_execution_listener_waits_and_is_accepted()
    {
        var loop = Model($"""
            <bpmn:startEvent id="s" />
            <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="a" />
            <bpmn:manualTask id="a"><bpmn:extensionElements>{Listeners("start", "pruefen")}</bpmn:extensionElements></bpmn:manualTask>
            <bpmn:sequenceFlow id="f2" sourceRef="a" targetRef="gw" />
            <bpmn:exclusiveGateway id="gw" default="f4" />
            <bpmn:sequenceFlow id="f3" sourceRef="gw" targetRef="a"><bpmn:conditionExpression>=nochmal</bpmn:conditionExpression></bpmn:sequenceFlow>
            <bpmn:sequenceFlow id="f4" sourceRef="gw" targetRef="e" />
            <bpmn:endEvent id="e" />
            """);

        Assert.True(_parser.Parse(loop).Success, string.Join("; ", _parser.Parse(loop).Errors));
        Assert.False(_parser.Parse(loop.Replace(Listeners("start", "pruefen"), "", StringComparison.Ordinal)).Success,
            "without the listener the loop never waits and is rejected");
    }

    [Fact]
    public void The_same_event_type_and_job_type_twice_is_rejected()
    {
        var result = _parser.Parse(Around("""
            <bpmn:manualTask id="x">
              <bpmn:extensionElements>
                <zeebe:executionListeners>
                  <zeebe:executionListener eventType="start" type="doppelt" />
                  <zeebe:executionListener eventType="start" type="doppelt" />
                  <zeebe:executionListener eventType="end" type="doppelt" />
                </zeebe:executionListeners>
              </bpmn:extensionElements>
            </bpmn:manualTask>
            """));

        var error = Assert.Single(result.Errors);
        Assert.Equal("x", error.ElementId);
        Assert.Contains("doppelt", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Execution_listeners_on_a_sequence_flow_are_rejected()
    {
        var result = _parser.Parse(Model($"""
            <bpmn:startEvent id="s" />
            <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="e"><bpmn:extensionElements>{Listeners("start")}</bpmn:extensionElements></bpmn:sequenceFlow>
            <bpmn:endEvent id="e" />
            """));

        Assert.Contains(result.Errors, e => e.ElementId == "f1" && e.Message.Contains("zeebe:executionListeners", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("creating", TaskListenerEventType.Creating)]
    [InlineData("create", TaskListenerEventType.Creating)]
    [InlineData("assigning", TaskListenerEventType.Assigning)]
    [InlineData("assignment", TaskListenerEventType.Assigning)]
    [InlineData("updating", TaskListenerEventType.Updating)]
    [InlineData("update", TaskListenerEventType.Updating)]
    [InlineData("completing", TaskListenerEventType.Completing)]
    [InlineData("complete", TaskListenerEventType.Completing)]
    [InlineData("canceling", TaskListenerEventType.Canceling)]
    [InlineData("cancel", TaskListenerEventType.Canceling)]
    public void Task_listeners_take_the_current_and_the_earlier_event_names(string eventType, TaskListenerEventType expected)
    {
        var result = _parser.Parse(Around($"""
            <bpmn:userTask id="x">
              <bpmn:extensionElements>
                <zeebe:userTask />
                <zeebe:taskHeaders><zeebe:header key="abteilung" value="bau" /></zeebe:taskHeaders>
                <zeebe:taskListeners><zeebe:taskListener eventType="{eventType}" type="pruefen" retries="2" /></zeebe:taskListeners>
              </bpmn:extensionElements>
            </bpmn:userTask>
            """));

        Assert.True(result.Success, string.Join("; ", result.Errors));
        var task = (UserTask)result.Processes[0].GetNode("x");
        var listener = Assert.Single(task.TaskListeners);
        Assert.Equal(expected, listener.EventType);
        Assert.Equal("2", listener.Retries.Text);
        Assert.Equal("bau", Assert.Single(task.TaskHeaders).Value);
    }

    [Fact]
    public void An_unknown_task_listener_event_is_rejected()
    {
        var result = _parser.Parse(Around("""
            <bpmn:userTask id="x"><bpmn:extensionElements><zeebe:taskListeners><zeebe:taskListener eventType="claiming" type="t" /></zeebe:taskListeners></bpmn:extensionElements></bpmn:userTask>
            """));

        Assert.Contains("claiming", Assert.Single(result.Errors, e => e.ElementId == "x").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_job_worker_ad_hoc_sub_process_is_read_with_its_headers_and_output_collection()
    {
        var result = _parser.Parse(Around("""
            <bpmn:adHocSubProcess id="x">
              <bpmn:extensionElements>
                <zeebe:taskDefinition type="io.camunda.agenticai:aiagent-job-worker:1" retries="3" />
                <zeebe:taskHeaders><zeebe:header key="modell" value="klein" /></zeebe:taskHeaders>
                <zeebe:adHoc outputCollection="toolCallResults" outputElement="={id: toolCall.id, content: toolCallResult}" />
              </bpmn:extensionElements>
              <bpmn:serviceTask id="werkzeug" name="Register abfragen">
                <bpmn:documentation>Fragt das Melderegister ab.</bpmn:documentation>
                <bpmn:extensionElements><zeebe:taskDefinition type="register" /></bpmn:extensionElements>
              </bpmn:serviceTask>
            </bpmn:adHocSubProcess>
            """));

        Assert.True(result.Success, string.Join("; ", result.Errors));
        var adHoc = (AdHocSubProcess)result.Processes[0].GetNode("x");
        Assert.True(adHoc.IsJobWorker);
        Assert.Equal("io.camunda.agenticai:aiagent-job-worker:1", adHoc.Job!.Definition.Type.Text);
        Assert.Equal("klein", Assert.Single(adHoc.Job.Headers).Value);
        Assert.Equal("toolCallResults", adHoc.OutputCollection);
        Assert.NotNull(adHoc.OutputElement);
        Assert.Equal("Fragt das Melderegister ab.", result.Processes[0].GetNode("werkzeug").Documentation);
    }

    [Fact]
    public void A_job_worker_ad_hoc_sub_process_refuses_what_only_the_worker_decides()
    {
        var result = _parser.Parse(Around("""
            <bpmn:adHocSubProcess id="x" cancelRemainingInstances="false">
              <bpmn:extensionElements>
                <zeebe:taskDefinition type="agent" />
                <zeebe:adHoc activeElementsCollection="=[&quot;a&quot;]" />
              </bpmn:extensionElements>
              <bpmn:task id="a" />
              <bpmn:completionCondition xsi:type="bpmn:tFormalExpression">=fertig</bpmn:completionCondition>
            </bpmn:adHocSubProcess>
            """));

        var errors = result.Errors.Where(e => e.ElementId == "x").Select(e => e.Message).ToList();
        Assert.Contains(errors, m => m.Contains("activeElementsCollection", StringComparison.Ordinal));
        Assert.Contains(errors, m => m.Contains("completionCondition", StringComparison.Ordinal));
        Assert.Contains(errors, m => m.Contains("cancelRemainingInstances", StringComparison.Ordinal));
    }

    [Fact]
    public void Tool_parameters_come_from_the_fromAi_calls_of_an_inner_element()
    {
        var result = _parser.Parse(Around("""
            <bpmn:adHocSubProcess id="x">
              <bpmn:extensionElements><zeebe:taskDefinition type="agent" /></bpmn:extensionElements>
              <bpmn:serviceTask id="suche">
                <bpmn:extensionElements>
                  <zeebe:taskDefinition type="suche" />
                  <zeebe:ioMapping>
                    <zeebe:input source="=fromAi(toolCall.suchbegriff, &quot;Wonach gesucht wird, z. B. (Name, Ort)&quot;)" target="q" />
                    <zeebe:input source="={seite: fromAi(toolCall.seite, null, &quot;number&quot;, {minimum: 1}), text: &quot;fromAi(nicht)&quot;}" target="p" />
                  </zeebe:ioMapping>
                </bpmn:extensionElements>
              </bpmn:serviceTask>
            </bpmn:adHocSubProcess>
            """));

        Assert.True(result.Success, string.Join("; ", result.Errors));
        var parameters = ((AdHocSubProcess)result.Processes[0].GetNode("x")).ToolParameters["suche"].AsList();
        Assert.Equal(["suchbegriff", "seite"], parameters.Select(p => Entry(p, "name").TryGetString(out var n) ? n : ""));
        Assert.Equal(FeelValue.FromString("Wonach gesucht wird, z. B. (Name, Ort)"), Entry(parameters[0], "description"));
        Assert.Equal(FeelValue.FromString("number"), Entry(parameters[1], "type"));
        Assert.Equal(FeelValueKind.Context, Entry(parameters[1], "schema").Kind);
    }

    [Fact]
    public void A_tool_parameter_named_twice_is_rejected()
    {
        var result = _parser.Parse(Around("""
            <bpmn:adHocSubProcess id="x">
              <bpmn:extensionElements><zeebe:taskDefinition type="agent" /></bpmn:extensionElements>
              <bpmn:task id="suche">
                <bpmn:extensionElements>
                  <zeebe:ioMapping>
                    <zeebe:input source="=fromAi(toolCall.q)" target="a" />
                    <zeebe:input source="=fromAi(toolCall.q, &quot;nochmal&quot;)" target="b" />
                  </zeebe:ioMapping>
                </bpmn:extensionElements>
              </bpmn:task>
            </bpmn:adHocSubProcess>
            """));

        Assert.Contains("'q'", Assert.Single(result.Errors, e => e.ElementId == "suche").Message, StringComparison.Ordinal);
    }

    private static FeelValue Entry(FeelValue context, string name) => context.AsContext().FirstOrDefault(e => e.Key == name).Value;

    [Fact]
    public void An_output_collection_without_output_element_is_rejected()
    {
        var result = _parser.Parse(Around("""
            <bpmn:adHocSubProcess id="x">
              <bpmn:extensionElements><zeebe:adHoc outputCollection="ergebnisse" /></bpmn:extensionElements>
              <bpmn:task id="a" />
            </bpmn:adHocSubProcess>
            """));

        Assert.Contains("together", Assert.Single(result.Errors, e => e.ElementId == "x").Message, StringComparison.Ordinal);
    }
}
