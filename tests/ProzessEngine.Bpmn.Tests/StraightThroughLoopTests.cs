using System.Globalization;
using System.Text;
using ProzessEngine.Feel;

namespace ProzessEngine.Bpmn.Tests;

/// <summary>
/// Loops that never reach a wait state are rejected at deployment, as Camunda 8 rejects them, with one diagnostic per
/// loop that names its elements in order.
/// </summary>
public sealed class StraightThroughLoopTests
{
    private readonly BpmnParser _parser = new(new FeelEngine());

    private static string Definitions(string processes, string roots = "") => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
                          xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="defs" targetNamespace="t">
          {roots}
          {processes}
        </bpmn:definitions>
        """;

    private static string Model(string body, string processId = "p") => Definitions($"""
        <bpmn:process id="{processId}" isExecutable="true">
          {body}
        </bpmn:process>
        """);

    private static string Flow(string id, string from, string to, string? condition = null) => condition is null
        ? $"""<bpmn:sequenceFlow id="{id}" sourceRef="{from}" targetRef="{to}" />"""
        : $"""<bpmn:sequenceFlow id="{id}" sourceRef="{from}" targetRef="{to}"><bpmn:conditionExpression>{condition}</bpmn:conditionExpression></bpmn:sequenceFlow>""";

    /// <summary>start → a → b → gateway "g" → (again) a, or → end.</summary>
    private static string LoopOf(string a, string b) => Model($"""
        <bpmn:startEvent id="start" />
        {a}
        {b}
        <bpmn:exclusiveGateway id="g" default="out" />
        <bpmn:endEvent id="end" />
        {Flow("f1", "start", "a")}
        {Flow("f2", "a", "b")}
        {Flow("f3", "b", "g")}
        {Flow("again", "g", "a", "=weiter")}
        {Flow("out", "g", "end")}
        """);

    private const string Script = """<bpmn:extensionElements><zeebe:script expression="=i + 1" resultVariable="i" /></bpmn:extensionElements>""";
    private const string Job = """<bpmn:extensionElements><zeebe:taskDefinition type="arbeit" /></bpmn:extensionElements>""";

    private IReadOnlyList<BpmnDiagnostic> LoopErrors(string xml)
    {
        var result = _parser.Parse(xml);
        Assert.False(result.Success);
        return [.. result.Errors.Where(e => e.Message.Contains("straight-through processing loop", StringComparison.Ordinal))];
    }

    [Theory]
    [InlineData("""<bpmn:task id="a" />""", """<bpmn:task id="b" />""")]
    [InlineData("""<bpmn:manualTask id="a" />""", """<bpmn:manualTask id="b" />""")]
    [InlineData("""<bpmn:intermediateThrowEvent id="a" />""", """<bpmn:manualTask id="b" />""")]
    [InlineData("""<bpmn:scriptTask id="a">""" + Script + "</bpmn:scriptTask>", """<bpmn:task id="b" />""")]
    [InlineData("""<bpmn:scriptTask id="a">""" + Script + "</bpmn:scriptTask>", """<bpmn:parallelGateway id="b" />""")]
    [InlineData("""<bpmn:task id="a"><bpmn:multiInstanceLoopCharacteristics><bpmn:extensionElements><zeebe:loopCharacteristics inputCollection="=[1, 2]" /></bpmn:extensionElements></bpmn:multiInstanceLoopCharacteristics></bpmn:task>""",
        """<bpmn:inclusiveGateway id="b" />""")]
    public void A_loop_of_elements_that_pass_the_token_on_is_rejected_naming_the_loop_in_order(string a, string b)
    {
        var error = Assert.Single(LoopErrors(LoopOf(a, b)));

        Assert.Equal("a", error.ElementId);
        Assert.Contains("The elements a > b > g > a form a loop that never waits", error.Message, StringComparison.Ordinal);
        Assert.NotNull(error.Line);
    }

    [Theory]
    [InlineData("""<bpmn:userTask id="b" />""")]
    [InlineData("""<bpmn:serviceTask id="b">""" + Job + "</bpmn:serviceTask>")]
    [InlineData("""<bpmn:scriptTask id="b">""" + Job + "</bpmn:scriptTask>")]
    [InlineData("""<bpmn:intermediateCatchEvent id="b"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1M</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>""")]
    [InlineData("""<bpmn:intermediateCatchEvent id="b"><bpmn:signalEventDefinition signalRef="sig" /></bpmn:intermediateCatchEvent>""")]
    [InlineData("""<bpmn:intermediateThrowEvent id="b"><bpmn:messageEventDefinition messageRef="msg" />""" + Job + "</bpmn:intermediateThrowEvent>")]
    public void A_loop_with_a_wait_state_is_accepted(string waiting)
    {
        var xml = LoopOf("""<bpmn:scriptTask id="a">""" + Script + "</bpmn:scriptTask>", waiting)
            .Replace("<bpmn:process ", """<bpmn:signal id="sig" name="weiter" /><bpmn:message id="msg" name="m" /><bpmn:process """, StringComparison.Ordinal);

        var result = _parser.Parse(xml);

        Assert.True(result.Success, string.Join("; ", result.Errors));
    }

    [Fact]
    public void A_loop_of_gateways_alone_is_left_to_the_runtime_as_Camunda_8_leaves_it()
    {
        var result = _parser.Parse(LoopOf("""<bpmn:exclusiveGateway id="a" />""", """<bpmn:parallelGateway id="b" />"""));

        Assert.True(result.Success, string.Join("; ", result.Errors));
    }

    [Fact]
    public void A_loop_through_an_embedded_sub_process_of_pass_through_elements_is_rejected_through_its_start_and_end()
    {
        var xml = Model($"""
            <bpmn:startEvent id="start" />
            <bpmn:subProcess id="sub">
              <bpmn:startEvent id="subStart" />
              <bpmn:manualTask id="inner" />
              <bpmn:endEvent id="subEnd" />
              {Flow("s1", "subStart", "inner")}
              {Flow("s2", "inner", "subEnd")}
            </bpmn:subProcess>
            <bpmn:exclusiveGateway id="g" default="out" />
            <bpmn:endEvent id="end" />
            {Flow("f1", "start", "sub")}
            {Flow("f2", "sub", "g")}
            {Flow("again", "g", "sub", "=weiter")}
            {Flow("out", "g", "end")}
            """);

        var error = Assert.Single(LoopErrors(xml));

        Assert.Equal("inner", error.ElementId);
        Assert.Contains("inner > subEnd > g > sub > subStart > inner", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_sub_process_that_ends_implicitly_continues_the_loop_after_it()
    {
        var xml = Model($"""
            <bpmn:startEvent id="start" />
            <bpmn:task id="before" />
            <bpmn:subProcess id="sub">
              <bpmn:startEvent id="subStart" />
              <bpmn:task id="inner" />
              {Flow("s1", "subStart", "inner")}
            </bpmn:subProcess>
            {Flow("f1", "start", "before")}
            {Flow("f2", "before", "sub")}
            {Flow("f3", "sub", "before")}
            """);

        var error = Assert.Single(LoopErrors(xml));

        Assert.Contains("before > sub > subStart > inner > before", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_sub_process_with_a_user_task_inside_breaks_the_loop()
    {
        var xml = Model($"""
            <bpmn:startEvent id="start" />
            <bpmn:task id="before" />
            <bpmn:subProcess id="sub">
              <bpmn:startEvent id="subStart" />
              <bpmn:userTask id="inner" />
              <bpmn:endEvent id="subEnd" />
              {Flow("s1", "subStart", "inner")}
              {Flow("s2", "inner", "subEnd")}
            </bpmn:subProcess>
            <bpmn:exclusiveGateway id="g" default="out" />
            <bpmn:endEvent id="end" />
            {Flow("f1", "start", "before")}
            {Flow("f2", "before", "sub")}
            {Flow("f3", "sub", "g")}
            {Flow("again", "g", "before", "=weiter")}
            {Flow("out", "g", "end")}
            """);

        Assert.True(_parser.Parse(xml).Success);
    }

    [Fact]
    public void A_loop_drawn_with_link_events_is_the_same_loop()
    {
        var xml = Model($"""
            <bpmn:startEvent id="start" />
            <bpmn:intermediateCatchEvent id="catch"><bpmn:linkEventDefinition name="zurueck" /></bpmn:intermediateCatchEvent>
            <bpmn:manualTask id="work" />
            <bpmn:exclusiveGateway id="g" default="out" />
            <bpmn:intermediateThrowEvent id="throw"><bpmn:linkEventDefinition name="zurueck" /></bpmn:intermediateThrowEvent>
            <bpmn:endEvent id="end" />
            {Flow("f1", "start", "work")}
            {Flow("f2", "catch", "work")}
            {Flow("f3", "work", "g")}
            {Flow("again", "g", "throw", "=weiter")}
            {Flow("out", "g", "end")}
            """);

        var error = Assert.Single(LoopErrors(xml));

        Assert.Equal("work", error.ElementId);
        Assert.Contains("work > g > throw > catch > work", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_call_activity_that_calls_its_own_process_straight_away_is_rejected()
    {
        var xml = Model($"""
            <bpmn:startEvent id="start" />
            <bpmn:callActivity id="call">
              <bpmn:extensionElements><zeebe:calledElement processId="p" /></bpmn:extensionElements>
            </bpmn:callActivity>
            <bpmn:userTask id="later" />
            {Flow("f1", "start", "call")}
            {Flow("f2", "call", "later")}
            """);

        var error = Assert.Single(LoopErrors(xml));

        Assert.Equal("call", error.ElementId);
        Assert.Contains("call > start > call", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_call_activity_that_calls_its_own_process_after_a_wait_state_is_accepted()
    {
        var xml = Model($"""
            <bpmn:startEvent id="start" />
            <bpmn:userTask id="first" />
            <bpmn:callActivity id="call">
              <bpmn:extensionElements><zeebe:calledElement processId="p" /></bpmn:extensionElements>
            </bpmn:callActivity>
            {Flow("f1", "start", "first")}
            {Flow("f2", "first", "call")}
            """);

        Assert.True(_parser.Parse(xml).Success);
    }

    [Fact]
    public void Two_processes_of_one_file_that_call_each_other_straight_away_are_rejected()
    {
        var xml = Definitions($"""
            <bpmn:process id="a" isExecutable="true">
              <bpmn:startEvent id="aStart" />
              <bpmn:callActivity id="callB"><bpmn:extensionElements><zeebe:calledElement processId="b" /></bpmn:extensionElements></bpmn:callActivity>
              {Flow("a1", "aStart", "callB")}
            </bpmn:process>
            <bpmn:process id="b" isExecutable="true">
              <bpmn:startEvent id="bStart" />
              <bpmn:callActivity id="callA"><bpmn:extensionElements><zeebe:calledElement processId="a" /></bpmn:extensionElements></bpmn:callActivity>
              {Flow("b1", "bStart", "callA")}
            </bpmn:process>
            """);

        var error = Assert.Single(LoopErrors(xml));

        Assert.Equal("callB", error.ElementId);
        Assert.Contains("callB (a) > bStart (b) > callA (b) > aStart (a) > callB (a)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Each_loop_gets_its_own_diagnostic_and_other_problems_are_reported_with_them()
    {
        var xml = Model($"""
            <bpmn:startEvent id="start" />
            <bpmn:parallelGateway id="fork" />
            <bpmn:task id="a1" />
            <bpmn:task id="a2" />
            <bpmn:manualTask id="b1" />
            <bpmn:manualTask id="b2" />
            <bpmn:serviceTask id="kaputt" />
            {Flow("f0", "start", "fork")}
            {Flow("f1", "fork", "a1")}
            {Flow("f2", "a1", "a2")}
            {Flow("f3", "a2", "a1")}
            {Flow("f4", "fork", "b1")}
            {Flow("f5", "b1", "b2")}
            {Flow("f6", "b2", "b1")}
            {Flow("f7", "fork", "kaputt")}
            """);

        var result = _parser.Parse(xml);

        Assert.Collection(LoopErrors(xml),
            first => Assert.Contains("a1 > a2 > a1", first.Message, StringComparison.Ordinal),
            second => Assert.Contains("b1 > b2 > b1", second.Message, StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.ElementId == "kaputt");
    }

    [Fact]
    public void A_very_long_loop_is_found_without_running_out_of_stack()
    {
        const int length = 4_000;
        var body = new StringBuilder("""<bpmn:startEvent id="start" />""");
        body.Append(Flow("f", "start", "t0"));
        for (var i = 0; i < length; i++)
        {
            body.Append(CultureInfo.InvariantCulture, $"""<bpmn:task id="t{i}" />""");
            body.Append(Flow($"f{i}", $"t{i}", $"t{(i + 1) % length}"));
        }

        var error = Assert.Single(LoopErrors(Model(body.ToString())));

        Assert.Equal("t0", error.ElementId);
        Assert.EndsWith("t3999 > t0", error.Message[..error.Message.IndexOf(" form a loop", StringComparison.Ordinal)], StringComparison.Ordinal);
    }

    [Fact]
    public void A_definition_that_was_deployed_before_the_check_still_reads_so_that_its_instances_keep_running()
    {
        var xml = LoopOf("""<bpmn:task id="a" />""", """<bpmn:task id="b" />""");

        var stored = _parser.ParseStored(xml);

        Assert.False(_parser.Parse(xml).Success);
        Assert.True(stored.Success, string.Join("; ", stored.Errors));
    }
}
