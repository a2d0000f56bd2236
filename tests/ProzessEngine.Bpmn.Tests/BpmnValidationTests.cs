using ProzessEngine.Bpmn.Model;
using ProzessEngine.Feel;

namespace ProzessEngine.Bpmn.Tests;

/// <summary>Deployment validation: every problem with its element id and a message that says what to change.</summary>
public sealed class BpmnValidationTests
{
    private readonly BpmnParser _parser = new(new FeelEngine(), new BpmnParserOptions { KnownCalendarIds = ["BY", "BE", "augsburg"] });

    private static string Model(string body, string roots = "") => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
                          xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"
                          xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="defs" targetNamespace="t">
          {roots}
          <bpmn:process id="p" isExecutable="true">
            {body}
          </bpmn:process>
        </bpmn:definitions>
        """;

    /// <summary>start → element "x" → end.</summary>
    private static string Around(string element, string roots = "") => Model($"""
        <bpmn:startEvent id="s" />
        <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="x" />
        {element}
        <bpmn:sequenceFlow id="f2" sourceRef="x" targetRef="e" />
        <bpmn:endEvent id="e" />
        """, roots);

    private BpmnDiagnostic SingleError(string xml, string elementId)
    {
        var result = _parser.Parse(xml);
        Assert.False(result.Success);
        Assert.Empty(result.Processes);
        return Assert.Single(result.Errors, e => e.ElementId == elementId);
    }

    [Theory]
    [InlineData("""<bpmn:businessRuleTask id="x"><bpmn:extensionElements><zeebe:calledDecision decisionId="gebuehr" /></bpmn:extensionElements></bpmn:businessRuleTask>""", "needs a resultVariable")]
    [InlineData("""<bpmn:businessRuleTask id="x"><bpmn:extensionElements><zeebe:calledDecision resultVariable="g" /></bpmn:extensionElements></bpmn:businessRuleTask>""", "decisionId")]
    [InlineData("""<bpmn:businessRuleTask id="x"><bpmn:extensionElements><zeebe:calledDecision decisionId="=gebuehr +" resultVariable="g" /></bpmn:extensionElements></bpmn:businessRuleTask>""", "FEEL syntax error")]
    [InlineData("""<bpmn:businessRuleTask id="x"><bpmn:extensionElements><zeebe:calledDecision decisionId="gebuehr" resultVariable="g" bindingType="versionTag" /></bpmn:extensionElements></bpmn:businessRuleTask>""", "needs a versionTag")]
    [InlineData("""<bpmn:businessRuleTask id="x"><bpmn:extensionElements><zeebe:calledDecision decisionId="gebuehr" resultVariable="g" bindingType="neueste" /></bpmn:extensionElements></bpmn:businessRuleTask>""", "binding type 'neueste' is unknown")]
    [InlineData("""<bpmn:businessRuleTask id="x"><bpmn:extensionElements><zeebe:calledDecision decisionId="gebuehr" resultVariable="g" tenantId="t" /></bpmn:extensionElements></bpmn:businessRuleTask>""", "'tenantId'")]
    [InlineData("""<bpmn:businessRuleTask id="x"><bpmn:extensionElements><zeebe:calledDecision decisionId="gebuehr" resultVariable="g" /><zeebe:taskDefinition type="t" /></bpmn:extensionElements></bpmn:businessRuleTask>""", "exclude each other")]
    [InlineData("""<bpmn:businessRuleTask id="x"><bpmn:extensionElements><zeebe:calledDecision decisionId="gebuehr" resultVariable="g" /><zeebe:taskHeaders><zeebe:header key="k" value="v" /></zeebe:taskHeaders></bpmn:extensionElements></bpmn:businessRuleTask>""", "zeebe:taskHeaders only reach a job worker")]
    [InlineData("""<bpmn:businessRuleTask id="x" />""", "zeebe:calledDecision")]
    [InlineData("""<bpmn:callActivity id="x" />""", "processId")]
    [InlineData("""<bpmn:callActivity id="x"><bpmn:extensionElements><zeebe:calledElement /></bpmn:extensionElements></bpmn:callActivity>""", "processId")]
    [InlineData("""<bpmn:serviceTask id="x" />""", "zeebe:taskDefinition")]
    [InlineData("""<bpmn:sendTask id="x" />""", "zeebe:publishMessage")]
    [InlineData("""<bpmn:scriptTask id="x"><bpmn:extensionElements><zeebe:script expression="=1 + 1" /></bpmn:extensionElements></bpmn:scriptTask>""", "resultVariable")]
    [InlineData("""<bpmn:scriptTask id="x"><bpmn:extensionElements><zeebe:script expression="1 + 1" resultVariable="r" /></bpmn:extensionElements></bpmn:scriptTask>""", "FEEL")]
    [InlineData("""<bpmn:receiveTask id="x" />""", "messageRef")]
    [InlineData("""<bpmn:complexGateway id="x" />""", "Complex gateways")]
    [InlineData("""<bpmn:transaction id="x" />""", "Transactions")]
    [InlineData("""<bpmn:userTask id="x"><bpmn:standardLoopCharacteristics /></bpmn:userTask>""", "standardLoopCharacteristics")]
    [InlineData("""<bpmn:userTask id="x"><bpmn:multiInstanceLoopCharacteristics><bpmn:loopCardinality>3</bpmn:loopCardinality></bpmn:multiInstanceLoopCharacteristics></bpmn:userTask>""", "loopCardinality")]
    [InlineData("""<bpmn:userTask id="x"><bpmn:multiInstanceLoopCharacteristics /></bpmn:userTask>""", "inputCollection")]
    [InlineData("""<bpmn:userTask id="x"><bpmn:multiInstanceLoopCharacteristics><bpmn:extensionElements><zeebe:loopCharacteristics inputCollection="=l" outputCollection="r" /></bpmn:extensionElements></bpmn:multiInstanceLoopCharacteristics></bpmn:userTask>""", "outputElement")]
    [InlineData("""<bpmn:exclusiveGateway id="x"><bpmn:multiInstanceLoopCharacteristics /></bpmn:exclusiveGateway>""", "Only activities")]
    [InlineData("""<bpmn:intermediateCatchEvent id="x" />""", "event definition")]
    [InlineData("""<bpmn:intermediateCatchEvent id="x"><bpmn:timerEventDefinition><bpmn:timeCycle>jeden Montag</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>""", "cron")]
    [InlineData("""<bpmn:intermediateCatchEvent id="x"><bpmn:timerEventDefinition><bpmn:timeCycle>0 0 9 30 2 *</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>""", "never fires")]
    [InlineData("""<bpmn:intermediateCatchEvent id="x"><bpmn:timerEventDefinition><bpmn:timeDate>morgen</bpmn:timeDate></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>""", "ISO 8601")]
    [InlineData("""<bpmn:intermediateCatchEvent id="x"><bpmn:timerEventDefinition><bpmn:timeDuration>=frist +</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>""", "position")]
    [InlineData("""<bpmn:intermediateCatchEvent id="x"><bpmn:timerEventDefinition /></bpmn:intermediateCatchEvent>""", "exactly one")]
    [InlineData("""<bpmn:intermediateCatchEvent id="x"><bpmn:errorEventDefinition /></bpmn:intermediateCatchEvent>""", "errorEventDefinition is not supported")]
    [InlineData("""<bpmn:intermediateCatchEvent id="x"><bpmn:messageEventDefinition /></bpmn:intermediateCatchEvent>""", "messageRef")]
    [InlineData("""<bpmn:intermediateCatchEvent id="x"><bpmn:messageEventDefinition messageRef="m_ohne_schluessel" /></bpmn:intermediateCatchEvent>""", "correlation key")]
    [InlineData("""<bpmn:intermediateCatchEvent id="x"><bpmn:signalEventDefinition signalRef="gibt-es-nicht" /></bpmn:intermediateCatchEvent>""", "does not exist")]
    [InlineData("""<bpmn:intermediateCatchEvent id="x"><bpmn:conditionalEventDefinition /></bpmn:intermediateCatchEvent>""", "condition")]
    [InlineData("""<bpmn:intermediateThrowEvent id="x"><bpmn:messageEventDefinition messageRef="m_ohne_schluessel" /></bpmn:intermediateThrowEvent>""", "zeebe:publishMessage")]
    [InlineData("""<bpmn:intermediateThrowEvent id="x"><bpmn:timerEventDefinition /></bpmn:intermediateThrowEvent>""", "timerEventDefinition is not supported")]
    [InlineData("""<bpmn:intermediateThrowEvent id="x"><bpmn:linkEventDefinition name="nirgendwo" /></bpmn:intermediateThrowEvent>""", "no link catch event")]
    [InlineData("""<bpmn:userTask id="x"><bpmn:extensionElements><zeebe:properties><zeebe:property name="prozessengine:tippfehler" value="1" /></zeebe:properties></bpmn:extensionElements></bpmn:userTask>""", "unknown")]
    [InlineData("""<bpmn:userTask id="x"><bpmn:extensionElements><zeebe:executionListeners><zeebe:executionListener eventType="beforeAll" type="t" /></zeebe:executionListeners></bpmn:extensionElements></bpmn:userTask>""", "event type 'beforeAll' is unknown")]
    public void An_unsupported_or_incomplete_element_is_rejected_with_its_id_and_a_reason(string element, string reason)
    {
        const string roots = """<bpmn:message id="m_ohne_schluessel" name="nachricht" />""";

        var error = SingleError(Around(element, roots), "x");

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.NotNull(error.Line);
    }

    [Fact]
    public void A_non_default_flow_of_an_inclusive_gateway_needs_a_condition()
    {
        var error = SingleError(Model("""
            <bpmn:startEvent id="s" />
            <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="gw" />
            <bpmn:inclusiveGateway id="gw" />
            <bpmn:sequenceFlow id="f_a" sourceRef="gw" targetRef="a"><bpmn:conditionExpression>=x</bpmn:conditionExpression></bpmn:sequenceFlow>
            <bpmn:sequenceFlow id="f_b" sourceRef="gw" targetRef="b" />
            <bpmn:endEvent id="a" />
            <bpmn:endEvent id="b" />
            """), "f_b");

        Assert.Contains("without a condition", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_error_boundary_event_cannot_be_non_interrupting()
    {
        var error = SingleError(Around("""
            <bpmn:userTask id="x" />
            <bpmn:boundaryEvent id="b" attachedToRef="x" cancelActivity="false"><bpmn:errorEventDefinition /></bpmn:boundaryEvent>
            """), "b");

        Assert.Contains("always interrupting", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_error_catch_events_with_the_same_code_in_one_scope_are_rejected()
    {
        var result = _parser.Parse(Around("""
            <bpmn:userTask id="x" />
            <bpmn:boundaryEvent id="b1" attachedToRef="x"><bpmn:errorEventDefinition errorRef="err" /></bpmn:boundaryEvent>
            <bpmn:boundaryEvent id="b2" attachedToRef="x"><bpmn:errorEventDefinition errorRef="err" /></bpmn:boundaryEvent>
            <bpmn:sequenceFlow id="f3" sourceRef="b1" targetRef="e" />
            <bpmn:sequenceFlow id="f4" sourceRef="b2" targetRef="e" />
            """, """<bpmn:error id="err" errorCode="X" />"""));

        Assert.Contains(result.Errors, e => e.ElementId == "b2" && e.Message.Contains("already catches the code 'X'", StringComparison.Ordinal));
    }

    [Fact]
    public void An_error_catch_event_code_must_be_static()
    {
        var error = SingleError(Around("""
            <bpmn:userTask id="x" />
            <bpmn:boundaryEvent id="b" attachedToRef="x"><bpmn:errorEventDefinition errorRef="err" /></bpmn:boundaryEvent>
            """, """<bpmn:error id="err" errorCode="=code" />"""), "b");

        Assert.Contains("static value", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_event_based_gateway_may_only_lead_to_catch_events_or_receive_tasks()
    {
        var result = _parser.Parse(Model("""
            <bpmn:startEvent id="s" />
            <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="gw" />
            <bpmn:eventBasedGateway id="gw" />
            <bpmn:sequenceFlow id="f2" sourceRef="gw" targetRef="task" />
            <bpmn:sequenceFlow id="f3" sourceRef="gw" targetRef="timer" />
            <bpmn:userTask id="task" />
            <bpmn:intermediateCatchEvent id="timer"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
            <bpmn:sequenceFlow id="f4" sourceRef="task" targetRef="e" />
            <bpmn:sequenceFlow id="f5" sourceRef="timer" targetRef="e" />
            <bpmn:endEvent id="e" />
            """));

        Assert.Contains(result.Errors, e => e.ElementId == "f2" && e.Message.Contains("event-based gateway", StringComparison.Ordinal));
    }

    [Fact]
    public void A_compensation_handler_needs_its_boundary_event_and_no_flows()
    {
        var result = _parser.Parse(Around("""
            <bpmn:serviceTask id="x"><bpmn:extensionElements><zeebe:taskDefinition type="a" /></bpmn:extensionElements></bpmn:serviceTask>
            <bpmn:serviceTask id="undo" isForCompensation="true"><bpmn:extensionElements><zeebe:taskDefinition type="b" /></bpmn:extensionElements></bpmn:serviceTask>
            """));

        Assert.Contains(result.Errors, e => e.ElementId == "undo" && e.Message.Contains("compensation boundary event", StringComparison.Ordinal));
    }

    [Fact]
    public void An_event_sub_process_needs_a_start_event_with_a_trigger()
    {
        var result = _parser.Parse(Model("""
            <bpmn:startEvent id="s" />
            <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="e" />
            <bpmn:endEvent id="e" />
            <bpmn:subProcess id="esp" triggeredByEvent="true">
              <bpmn:startEvent id="esp_start" />
              <bpmn:sequenceFlow id="f2" sourceRef="esp_start" targetRef="esp_end" />
              <bpmn:endEvent id="esp_end" />
            </bpmn:subProcess>
            """));

        Assert.Contains(result.Errors, e => e.ElementId == "esp_start" && e.Message.Contains("needs an event definition", StringComparison.Ordinal));
    }

    [Fact]
    public void Flows_cannot_cross_a_sub_process_boundary()
    {
        var result = _parser.Parse(Model("""
            <bpmn:startEvent id="s" />
            <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="inner_task" />
            <bpmn:subProcess id="sub">
              <bpmn:startEvent id="sub_start" />
              <bpmn:sequenceFlow id="f2" sourceRef="sub_start" targetRef="inner_task" />
              <bpmn:userTask id="inner_task" />
            </bpmn:subProcess>
            """));

        Assert.Contains(result.Errors, e => e.ElementId == "f1" && e.Message.Contains("cross a sub-process boundary", StringComparison.Ordinal));
    }

    [Fact]
    public void A_flow_written_outside_the_sub_process_of_both_its_ends_runs_inside_it_with_a_warning()
    {
        // As Camunda's RPA tutorial has it: the Modeler kept the flow in the process's XML after its ends moved inside.
        var result = _parser.Parse(Model("""
            <bpmn:startEvent id="s" />
            <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="sub" />
            <bpmn:subProcess id="sub">
              <bpmn:startEvent id="sub_start" />
              <bpmn:sequenceFlow id="f2" sourceRef="sub_start" targetRef="inner_task" />
              <bpmn:userTask id="inner_task" />
              <bpmn:endEvent id="sub_end" />
            </bpmn:subProcess>
            <bpmn:sequenceFlow id="f3" sourceRef="inner_task" targetRef="sub_end" />
            """));

        Assert.Empty(result.Errors);
        Assert.Contains(result.Warnings, w => w.ElementId == "f3" && w.Message.Contains("runs as part of that (sub-)process", StringComparison.Ordinal));
        Assert.Equal("sub_end", Assert.Single(Assert.Single(result.Processes).Nodes["inner_task"].Outgoing).TargetId);
    }

    [Theory]
    [InlineData("workingDays", "P1M", "must count days")]
    [InlineData("legalDeadline", "P14DT2H", "one unit")]
    [InlineData("fristgerecht", "P1M", "unknown")]
    public void Timer_modes_are_checked_when_the_model_is_deployed(string mode, string duration, string reason)
    {
        var error = SingleError(Around($"""
            <bpmn:intermediateCatchEvent id="x">
              <bpmn:extensionElements><zeebe:properties><zeebe:property name="prozessengine:timerMode" value="{mode}" /></zeebe:properties></bpmn:extensionElements>
              <bpmn:timerEventDefinition><bpmn:timeDuration>{duration}</bpmn:timeDuration></bpmn:timerEventDefinition>
            </bpmn:intermediateCatchEvent>
            """), "x");

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_business_calendar_is_rejected_with_the_element_and_the_known_ids()
    {
        var error = SingleError(Around("""
            <bpmn:intermediateCatchEvent id="x">
              <bpmn:extensionElements><zeebe:properties><zeebe:property name="prozessengine:calendar" value="nuernberg" /></zeebe:properties></bpmn:extensionElements>
              <bpmn:timerEventDefinition><bpmn:timeDuration>P10D</bpmn:timeDuration></bpmn:timerEventDefinition>
            </bpmn:intermediateCatchEvent>
            """), "x");

        Assert.Contains("nuernberg", error.Message, StringComparison.Ordinal);
        Assert.Contains("augsburg", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_timer_start_event_expression_must_evaluate_without_variables()
    {
        var error = SingleError(Model("""
            <bpmn:startEvent id="s"><bpmn:timerEventDefinition><bpmn:timeCycle>=zyklus</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:startEvent>
            <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="e" />
            <bpmn:endEvent id="e" />
            """), "s");

        Assert.Contains("without process variables", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_problem_of_a_large_model_is_reported_at_once_with_its_element()
    {
        var result = _parser.Parse(Model("""
            <bpmn:startEvent id="s" />
            <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="call" />
            <bpmn:callActivity id="call" />
            <bpmn:sequenceFlow id="f2" sourceRef="call" targetRef="rule" />
            <bpmn:businessRuleTask id="rule" />
            <bpmn:sequenceFlow id="f3" sourceRef="rule" targetRef="wait" />
            <bpmn:intermediateCatchEvent id="wait"><bpmn:timerEventDefinition><bpmn:timeDuration>bald</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
            <bpmn:sequenceFlow id="f4" sourceRef="wait" targetRef="gw" />
            <bpmn:exclusiveGateway id="gw" />
            <bpmn:sequenceFlow id="f5" sourceRef="gw" targetRef="e1"><bpmn:conditionExpression>=betrag &gt;</bpmn:conditionExpression></bpmn:sequenceFlow>
            <bpmn:sequenceFlow id="f6" sourceRef="gw" targetRef="e2" />
            <bpmn:endEvent id="e1" />
            <bpmn:endEvent id="e2" />
            <bpmn:task id="verwaist" />
            """));

        string[] expected = ["call", "rule", "wait", "f5", "f6"];
        foreach (var id in expected)
        {
            Assert.Contains(result.Errors, e => e.ElementId == id);
        }

        Assert.All(result.Errors, e => Assert.NotNull(e.Line));
        Assert.Contains(result.Warnings, w => w.ElementId == "verwaist");
    }

    [Fact]
    public void Zeebe_properties_are_exposed_on_the_process_and_on_every_element()
    {
        var process = Assert.Single(_parser.Parse(Model("""
            <bpmn:extensionElements><zeebe:properties>
              <zeebe:property name="prozessengine:retentionDays" value="365" />
              <zeebe:property name="prozessengine:calendar" value="BE" />
              <zeebe:property name="fachverfahren" value="OK.VORGANG" />
            </zeebe:properties></bpmn:extensionElements>
            <bpmn:startEvent id="s" />
            <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="t" />
            <bpmn:userTask id="t"><bpmn:extensionElements><zeebe:properties><zeebe:property name="maske" value="antrag-v2" /></zeebe:properties></bpmn:extensionElements></bpmn:userTask>
            <bpmn:sequenceFlow id="f2" sourceRef="t" targetRef="e" />
            <bpmn:endEvent id="e" />
            """)).Processes);

        Assert.Equal("365", process.Property(EngineProperties.RetentionDays));
        Assert.Equal("BE", process.Property(EngineProperties.Calendar));
        Assert.Equal("OK.VORGANG", process.Property("fachverfahren"));
        Assert.Equal("antrag-v2", process.GetNode("t").Property("maske"));
        Assert.Null(process.GetNode("s").Property("maske"));
    }

    [Fact]
    public void Timer_properties_reach_the_timer_definition()
    {
        var process = Assert.Single(_parser.Parse(Around("""
            <bpmn:intermediateCatchEvent id="x">
              <bpmn:extensionElements><zeebe:properties>
                <zeebe:property name="prozessengine:timerMode" value="workingDays" />
                <zeebe:property name="prozessengine:calendar" value="augsburg" />
              </zeebe:properties></bpmn:extensionElements>
              <bpmn:timerEventDefinition><bpmn:timeDuration>P10D</bpmn:timeDuration></bpmn:timerEventDefinition>
            </bpmn:intermediateCatchEvent>
            """)).Processes);

        var timer = Assert.IsType<TimerEventDefinition>(((EventNode)process.GetNode("x")).EventDefinition);
        Assert.Equal(TimerMode.WorkingDays, timer.Mode);
        Assert.Equal("augsburg", timer.CalendarId);
    }

    [Fact]
    public void Structure_is_derived_for_the_runtime()
    {
        var process = Assert.Single(_parser.Parse(Model("""
            <bpmn:startEvent id="s" />
            <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="sub" />
            <bpmn:subProcess id="sub">
              <bpmn:startEvent id="sub_start" />
              <bpmn:sequenceFlow id="f2" sourceRef="sub_start" targetRef="sub_end" />
              <bpmn:endEvent id="sub_end" />
              <bpmn:subProcess id="esp" triggeredByEvent="true">
                <bpmn:startEvent id="esp_start" isInterrupting="false"><bpmn:signalEventDefinition signalRef="sig" /></bpmn:startEvent>
                <bpmn:sequenceFlow id="f3" sourceRef="esp_start" targetRef="esp_end" />
                <bpmn:endEvent id="esp_end" />
              </bpmn:subProcess>
            </bpmn:subProcess>
            <bpmn:boundaryEvent id="b" attachedToRef="sub"><bpmn:timerEventDefinition><bpmn:timeCycle>R/PT1H</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:boundaryEvent>
            <bpmn:sequenceFlow id="f4" sourceRef="sub" targetRef="e" />
            <bpmn:sequenceFlow id="f5" sourceRef="b" targetRef="e" />
            <bpmn:endEvent id="e" />
            """, """<bpmn:signal id="sig" name="hinweis" />""")).Processes);

        var sub = Assert.IsType<SubProcess>(process.GetNode("sub"));
        Assert.Equal("sub_start", sub.StartEventId);
        Assert.Equal(["b"], sub.BoundaryEventIds.ToArray());
        Assert.Equal(["esp"], process.EventSubProcessesIn("sub").ToArray());
        Assert.Equal("esp", process.GetNode("esp_start").ScopeId);
        Assert.False(Assert.IsType<StartEvent>(process.GetNode("esp_start")).IsInterrupting);
        Assert.Equal("s", process.NoneStartEvent!.Id);
    }

    [Fact]
    public void Every_modeler_style_conformance_model_parses()
    {
        var directory = Path.Combine(Testing.RepositoryRoot.Find(), "tests", "ProzessEngine.Testing", "Conformance", "Models");
        var files = Directory.GetFiles(directory, "modeler-*.bpmn");

        Assert.True(files.Length >= 4);
        foreach (var file in files)
        {
            var result = _parser.Parse(File.ReadAllText(file));
            Assert.True(result.Success, $"{file}: {string.Join("; ", result.Errors)}");
            Assert.Contains("bpmndi:BPMNDiagram", File.ReadAllText(file), StringComparison.Ordinal);
        }
    }
}
