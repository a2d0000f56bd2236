using System.Text;
using ProzessEngine.Core.Intents;
using ProzessEngine.Core.Serialization;
using ProzessEngine.Core.State;
using ProzessEngine.Feel;
using ProzessEngine.Testing.Engine;
using static ProzessEngine.Core.Tests.Models;

namespace ProzessEngine.Core.Tests.Runtime;

public sealed class StateSerializationTests
{
    [Fact]
    public void A_state_of_the_walking_skeleton_format_is_read_and_its_timer_still_fires()
    {
        var engine = new InMemoryEngine();
        var process = engine.Deploy(Process("t", $"""
            <bpmn:startEvent id="start" />
            {Flow("f0", "start", "wait")}
            {TimerCatch("wait", "PT1M")}
            {Flow("f1", "wait", "end")}
            <bpmn:endEvent id="end" />
            """));
        const string version1 = """
            {"v":1,"k":1,"d":1000,"p":"t","pv":1,"t":"<default>","s":0,"st":639000000000000000,"vars":{},
             "el":[{"k":3,"e":"wait","s":1,"st":1,"tm":4}]}
            """;

        var state = InstanceStateSerializer.Deserialize(Encoding.UTF8.GetBytes(version1));
        var result = engine.Runtime.FireTimer(process, state, 4);

        Assert.Equal(InstanceStatus.Completed, result.Instance.Status);
        Assert.Single(result.Intents.OfType<TimerFired>());
    }

    [Fact]
    public void A_state_with_a_variable_nested_100_levels_is_read_back()
    {
        var engine = new InMemoryEngine();
        var process = engine.Deploy(Process("t", $"""
            <bpmn:startEvent id="start" />
            {Flow("f0", "start", "wait")}
            {UserTask("wait")}
            {Flow("f1", "wait", "end")}
            <bpmn:endEvent id="end" />
            """));
        var nested = FeelJson.FromJson(string.Concat(Enumerable.Repeat("{\"a\":", 100)) + "1" + new string('}', 100));

        var state = engine.Runtime.StartInstance(process, [new("tief", nested)], CommandActor.System("test")).Instance;
        var read = InstanceStateSerializer.Deserialize(InstanceStateSerializer.Serialize(state));

        Assert.True(read.Variables.TryGetValue("tief", out var value));
        Assert.Equal(FeelJson.ToJsonString(nested), FeelJson.ToJsonString(value));
    }

    [Fact]
    public void A_state_of_a_newer_format_is_refused_rather_than_misread()
    {
        Assert.Throws<InvalidDataException>(() => InstanceStateSerializer.Deserialize(Encoding.UTF8.GetBytes("""{"v":5}""")));
    }

    [Fact]
    public void Subscriptions_loops_parent_links_and_compensation_records_survive_a_round_trip()
    {
        var engine = new InMemoryEngine(Testing.Conformance.ConformanceHandlers.All, roundTripState: true);
        engine.DeployAll("""
            <?xml version="1.0" encoding="UTF-8"?>
            <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="t">
              <bpmn:error id="e1" errorCode="E" />
              <bpmn:process id="eltern" isExecutable="true">
                <bpmn:startEvent id="start" />
                <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="buchen" />
                <bpmn:serviceTask id="buchen"><bpmn:extensionElements><zeebe:taskDefinition type="noop" /></bpmn:extensionElements></bpmn:serviceTask>
                <bpmn:boundaryEvent id="kb" attachedToRef="buchen"><bpmn:compensateEventDefinition /></bpmn:boundaryEvent>
                <bpmn:serviceTask id="storno" isForCompensation="true"><bpmn:extensionElements><zeebe:taskDefinition type="noop" /></bpmn:extensionElements></bpmn:serviceTask>
                <bpmn:association id="a1" sourceRef="kb" targetRef="storno" />
                <bpmn:sequenceFlow id="f2" sourceRef="buchen" targetRef="call" />
                <bpmn:callActivity id="call">
                  <bpmn:extensionElements><zeebe:calledElement processId="kind" /></bpmn:extensionElements>
                  <bpmn:multiInstanceLoopCharacteristics isSequential="true"><bpmn:extensionElements><zeebe:loopCharacteristics inputCollection="=[1, 2]" /></bpmn:extensionElements></bpmn:multiInstanceLoopCharacteristics>
                </bpmn:callActivity>
                <bpmn:boundaryEvent id="fehler" attachedToRef="call"><bpmn:errorEventDefinition errorRef="e1" /></bpmn:boundaryEvent>
                <bpmn:boundaryEvent id="erinnern" attachedToRef="call" cancelActivity="false"><bpmn:timerEventDefinition><bpmn:timeCycle>R/P1D</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:boundaryEvent>
                <bpmn:sequenceFlow id="f3" sourceRef="call" targetRef="end" />
                <bpmn:sequenceFlow id="f4" sourceRef="fehler" targetRef="end" />
                <bpmn:endEvent id="end" />
              </bpmn:process>
              <bpmn:process id="kind" isExecutable="true">
                <bpmn:startEvent id="k_start" />
                <bpmn:sequenceFlow id="g1" sourceRef="k_start" targetRef="k_task" />
                <bpmn:userTask id="k_task" />
                <bpmn:sequenceFlow id="g2" sourceRef="k_task" targetRef="k_end" />
                <bpmn:endEvent id="k_end" />
              </bpmn:process>
            </bpmn:definitions>
            """);

        var parent = engine.Start("eltern");
        var stored = InstanceStateSerializer.Deserialize(InstanceStateSerializer.Serialize(parent));
        var child = engine.Instances.Single(i => i.ProcessId == "kind");

        var body = stored.Elements.Single(e => e.IsMultiInstanceBody);
        Assert.Equal(2, body.Loop!.Total);
        Assert.Equal(1, body.Loop.NextIndex);
        var timer = Assert.Single(stored.Subscriptions);
        Assert.Equal("R/P1D", timer.Cycle);
        Assert.Equal(-1, timer.RemainingRepetitions);
        Assert.Equal("buchen", Assert.Single(stored.Compensations).ActivityId);
        Assert.Equal(["E"], child.Parent!.CatchableErrorCodes);
        Assert.Equal(parent.Key, child.Parent.ProcessInstanceKey);

        engine.Advance(TimeSpan.FromDays(1));
        engine.CompleteTask(engine.AllOpenTasks().Single().UserTaskKey);
        engine.CompleteTask(engine.AllOpenTasks().Single().UserTaskKey);

        Assert.Equal(InstanceStatus.Completed, engine.Instance(parent.Key).Status);
        Assert.Equal(2, engine.Instances.Count(i => i.ProcessId == "kind" && i.Status == InstanceStatus.Completed));
        Assert.Single(engine.Intents.OfType<TimerFired>());
    }

    [Fact]
    public void Work_left_for_a_following_command_survives_a_round_trip_and_is_written_in_format_3_only_then()
    {
        var state = new ProcessInstanceState(1, 2, "p", 1, "<default>", new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero));
        var atRest = Encoding.UTF8.GetString(InstanceStateSerializer.Serialize(state));
        var gateway = new ElementInstance(3, "gw", 1, ElementState.Completing) { Trigger = new PendingTrigger([new("unterlage", Feel.FeelValue.FromString("Plan"))], "eingang") };
        var start = new ElementInstance(4, "s", 1, ElementState.Activating) { Trigger = new PendingTrigger(null, null) };
        state.Add(gateway);
        state.Add(start);
        state.Continuation = new ContinuationState(12_345);

        var json = Encoding.UTF8.GetString(InstanceStateSerializer.Serialize(state));
        var read = InstanceStateSerializer.Deserialize(Encoding.UTF8.GetBytes(json));

        Assert.StartsWith("""{"v":2,""", atRest, StringComparison.Ordinal);
        Assert.StartsWith("""{"v":3,""", json, StringComparison.Ordinal);
        Assert.Equal(12_345, read.Continuation!.ActivationsWithoutWait);
        var readGateway = read.FindElement(3)!.Trigger!;
        Assert.Equal("eingang", readGateway.GatewayTargetId);
        Assert.Equal([new("unterlage", Feel.FeelValue.FromString("Plan"))], readGateway.Variables);
        Assert.Equal(new PendingTrigger(null, null), read.FindElement(4)!.Trigger);
    }

    [Fact]
    public void Elements_keep_their_creation_order_through_a_round_trip_whatever_their_keys()
    {
        var state = new ProcessInstanceState(1, 2, "p", 1, "<default>", new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero));
        foreach (var (key, id) in new[] { (900L, "erste"), (300L, "zweite"), (600L, "dritte") })
        {
            state.Add(new ElementInstance(key, id, 1, ElementState.Waiting));
        }

        state.Remove(state.FindElement(300)!);
        state.Add(new ElementInstance(100, "vierte", 1, ElementState.Waiting));
        var read = InstanceStateSerializer.Deserialize(InstanceStateSerializer.Serialize(state));
        read.Add(new ElementInstance(50, "fuenfte", 1, ElementState.Waiting));

        Assert.Equal(["fuenfte", "vierte", "dritte", "erste"], read.ChildrenOf(1).Select(e => e.ElementId));
    }

    [Fact]
    public void A_state_written_before_elements_carried_their_creation_order_takes_it_from_the_keys()
    {
        // Then keys grew one by one with creation.
        var json = """
            {"v":2,"k":1,"d":2,"p":"p","pv":1,"t":"<default>","s":0,"st":0,"vars":{},
             "el":[{"k":7,"e":"dritte","s":1,"st":1},{"k":3,"e":"erste","s":1,"st":1},{"k":5,"e":"zweite","s":1,"st":1}]}
            """;

        var read = InstanceStateSerializer.Deserialize(Encoding.UTF8.GetBytes(json));
        read.Add(new ElementInstance(2, "vierte", 1, ElementState.Waiting));

        Assert.Equal(["vierte", "dritte", "zweite", "erste"], read.ChildrenOf(1).Select(e => e.ElementId));
    }
}
