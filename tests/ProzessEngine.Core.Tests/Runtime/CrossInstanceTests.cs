using ProzessEngine.Core.Intents;
using ProzessEngine.Core.State;
using ProzessEngine.Testing.Engine;
using static ProzessEngine.Core.Tests.Models;

namespace ProzessEngine.Core.Tests.Runtime;

/// <summary>What crosses instances goes out as intents and comes back as commands; these tests check the contract.</summary>
public sealed class CrossInstanceTests
{
    private static string Child(string version) => Process("kind", $"""
        <bpmn:startEvent id="k_start" />
        {Flow("g1", "k_start", "k_end")}
        <bpmn:endEvent id="k_end"><bpmn:extensionElements><zeebe:ioMapping><zeebe:output source="=&quot;{version}&quot;" target="version" /></zeebe:ioMapping></bpmn:extensionElements></bpmn:endEvent>
        """);

    private static string Parent(string binding) => $"""
        <bpmn:process id="eltern" isExecutable="true">
          <bpmn:startEvent id="start" />
          {Flow("f1", "start", "call")}
          <bpmn:callActivity id="call"><bpmn:extensionElements><zeebe:calledElement processId="kind" bindingType="{binding}" /></bpmn:extensionElements></bpmn:callActivity>
          {Flow("f2", "call", "end")}
          <bpmn:endEvent id="end" />
        </bpmn:process>
        """;

    private static string Both(string binding, string childVersion) =>
        Child(childVersion).Replace("</bpmn:definitions>", Parent(binding) + "</bpmn:definitions>", StringComparison.Ordinal);

    [Theory]
    [InlineData("latest", "v2")]
    [InlineData("deployment", "v1")]
    public void The_binding_chooses_the_version_of_the_called_process(string binding, string expected)
    {
        var engine = new InMemoryEngine();
        engine.DeployAll(Both(binding, "v1"));
        engine.Deploy(Child("v2"));

        var parent = engine.Start("eltern");

        Assert.Equal(InstanceStatus.Completed, parent.Status);
        Assert.True(parent.Variables.TryGetValue("version", out var version));
        Assert.Equal(Feel.FeelValue.FromString(expected), version);
    }

    [Fact]
    public void A_call_activity_asks_for_its_child_with_a_reserved_key_and_what_the_callers_catch()
    {
        var engine = new InMemoryEngine();
        engine.DeployAll("""
            <?xml version="1.0" encoding="UTF-8"?>
            <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="t">
              <bpmn:error id="e1" errorCode="ABGELEHNT" />
              <bpmn:process id="eltern" isExecutable="true">
                <bpmn:startEvent id="start" />
                <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="sub" />
                <bpmn:subProcess id="sub">
                  <bpmn:startEvent id="sub_start" />
                  <bpmn:sequenceFlow id="s1" sourceRef="sub_start" targetRef="call" />
                  <bpmn:callActivity id="call"><bpmn:extensionElements><zeebe:calledElement processId="gibt-es-nicht" /></bpmn:extensionElements></bpmn:callActivity>
                </bpmn:subProcess>
                <bpmn:boundaryEvent id="b" attachedToRef="sub"><bpmn:errorEventDefinition errorRef="e1" /></bpmn:boundaryEvent>
                <bpmn:sequenceFlow id="f2" sourceRef="b" targetRef="end" />
                <bpmn:endEvent id="end" />
              </bpmn:process>
            </bpmn:definitions>
            """);

        var parent = engine.Start("eltern", ("antrag", "A-1"));

        var request = Assert.Single(engine.Intents.OfType<ChildInstanceRequested>());
        var call = parent.Elements.Single(e => e.ElementId == "call");
        Assert.Equal("gibt-es-nicht", request.CalledProcessId);
        Assert.Equal(parent.Key, request.Parent.ProcessInstanceKey);
        Assert.Equal(call.Key, request.Parent.ElementInstanceKey);
        Assert.Equal(["ABGELEHNT"], request.Parent.CatchableErrorCodes);
        Assert.False(request.Parent.CatchesAllErrors);
        Assert.Contains(request.Variables, v => v.Key == "antrag");
        Assert.Equal(IncidentErrorType.CalledElement, call.Incident!.ErrorType);
    }

    [Fact]
    public void A_called_instance_cannot_be_cancelled_by_a_user_only_through_its_caller()
    {
        var engine = new InMemoryEngine();
        engine.DeployAll(Both("latest", "v1").Replace("""<bpmn:endEvent id="k_end">""", """<bpmn:userTask id="k_task" /><bpmn:sequenceFlow id="g9" sourceRef="k_task" targetRef="k_end" /><bpmn:endEvent id="k_end">""", StringComparison.Ordinal)
            .Replace("""<bpmn:sequenceFlow id="g1" sourceRef="k_start" targetRef="k_end" />""", """<bpmn:sequenceFlow id="g1" sourceRef="k_start" targetRef="k_task" />""", StringComparison.Ordinal));
        var parent = engine.Start("eltern");
        var child = engine.Instances.Single(i => i.ProcessId == "kind");

        Assert.Throws<EngineConflictException>(() => engine.Cancel(child.Key));

        engine.Cancel(parent.Key);
        Assert.Equal(InstanceStatus.Terminated, engine.Instance(child.Key).Status);
        Assert.Single(engine.Intents.OfType<ChildInstanceCancelRequested>());
        Assert.Empty(engine.AllOpenTasks());
    }

    [Fact]
    public void A_message_for_a_subscription_that_is_gone_is_not_consumed()
    {
        var engine = new InMemoryEngine();
        var process = engine.Deploy(Process("m", """
            <bpmn:startEvent id="start" />
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="warten" />
            <bpmn:intermediateCatchEvent id="warten"><bpmn:messageEventDefinition messageRef="msg" /></bpmn:intermediateCatchEvent>
            <bpmn:sequenceFlow id="f2" sourceRef="warten" targetRef="end" />
            <bpmn:endEvent id="end" />
            """).Replace("""<bpmn:process id="m" """, """<bpmn:message id="msg" name="n"><bpmn:extensionElements><zeebe:subscription correlationKey="=k" /></bpmn:extensionElements></bpmn:message><bpmn:process id="m" """, StringComparison.Ordinal));
        var instance = engine.Start("m", ("k", "1"));
        var subscription = Assert.Single(engine.Intents.OfType<MessageSubscriptionOpened>());
        Assert.Equal("n", subscription.MessageName);
        Assert.Equal("1", subscription.CorrelationKey);

        var first = engine.Runtime.CorrelateMessage(process, instance, subscription.SubscriptionKey, null, CommandActor.System("t"));
        var second = engine.Runtime.CorrelateMessage(process, first.Instance, subscription.SubscriptionKey, null, CommandActor.System("t"));

        Assert.Single(first.Intents.OfType<MessageCorrelated>());
        Assert.Single(first.Intents.OfType<MessageSubscriptionClosed>());
        Assert.Empty(second.Intents);
        Assert.Equal(InstanceStatus.Completed, second.Instance.Status);
    }

    [Fact]
    public void A_buffered_message_expires_with_its_time_to_live()
    {
        var engine = new InMemoryEngine();
        engine.Deploy(Process("m", $"""
            <bpmn:startEvent id="start" />
            {Flow("f1", "start", "task")}
            {UserTask("task")}
            {Flow("f2", "task", "warten")}
            <bpmn:intermediateCatchEvent id="warten"><bpmn:messageEventDefinition messageRef="msg" /></bpmn:intermediateCatchEvent>
            {Flow("f3", "warten", "end")}
            <bpmn:endEvent id="end" />
            """).Replace("""<bpmn:process id="m" """, """<bpmn:message id="msg" name="n"><bpmn:extensionElements><zeebe:subscription correlationKey="=k" /></bpmn:extensionElements></bpmn:message><bpmn:process id="m" """, StringComparison.Ordinal));
        var instance = engine.Start("m", ("k", "1"));

        engine.PublishMessage("n", "1", TimeSpan.FromHours(1));
        Assert.Equal(1, engine.BufferedMessageCount);
        engine.Advance(TimeSpan.FromHours(2));
        Assert.Equal(0, engine.BufferedMessageCount);
        engine.CompleteTask(engine.SingleOpenTask(instance.Key).UserTaskKey);

        Assert.Equal(InstanceStatus.Active, engine.Instance(instance.Key).Status);
        Assert.Single(engine.Instance(instance.Key).Elements, e => e.ElementId == "warten");
    }

    [Fact]
    public void An_uncaught_job_error_is_an_incident_whose_resolution_hands_out_the_job_again()
    {
        var engine = new InMemoryEngine();
        engine.Deploy(Process("j", $"""
            <bpmn:startEvent id="start" />
            {Flow("f1", "start", "task")}
            {ServiceTask("task", "pruefen")}
            {Flow("f2", "task", "end")}
            <bpmn:endEvent id="end" />
            """));
        var instance = engine.Start("j");
        var job = Assert.Single(engine.OpenJobs(instance.Key));

        instance = engine.ThrowJobError(job.JobKey, "UNBEKANNT", "kein Fänger");

        var incident = Assert.Single(instance.Elements).Incident!;
        Assert.Equal(IncidentErrorType.Unhandled, incident.ErrorType);
        Assert.Contains("UNBEKANNT", incident.Message, StringComparison.Ordinal);
        Assert.Empty(engine.OpenJobs(instance.Key));

        instance = engine.ResolveIncident(instance.Key, incident.Key);
        var again = Assert.Single(engine.OpenJobs(instance.Key));
        Assert.NotEqual(job.JobKey, again.JobKey);
        Assert.Equal(InstanceStatus.Completed, engine.CompleteJob(again.JobKey).Status);
    }

    [Fact]
    public void Commands_with_wrong_targets_are_refused_without_touching_the_instance()
    {
        var engine = new InMemoryEngine();
        engine.Deploy(Process("a", """
            <bpmn:startEvent id="start" />
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="adhoc" />
            <bpmn:adHocSubProcess id="adhoc"><bpmn:userTask id="eins" /></bpmn:adHocSubProcess>
            <bpmn:sequenceFlow id="f2" sourceRef="adhoc" targetRef="end" />
            <bpmn:endEvent id="end" />
            """));
        var instance = engine.Start("a");
        var adHoc = Assert.Single(instance.Elements);

        Assert.Throws<EngineConflictException>(() => engine.ActivateAdHocElements(instance.Key, adHoc.Key, "zwei"));
        Assert.Throws<EngineNotFoundException>(() => engine.SetVariables(instance.Key, 999_999, true, ("x", 1)));
        Assert.Single(engine.Instance(instance.Key).Elements);
    }

    [Fact]
    public void Signal_and_timer_subscriptions_of_an_event_sub_process_belong_to_the_process_scope_and_end_with_it()
    {
        var engine = new InMemoryEngine();
        engine.Deploy(Process("e", $"""
            <bpmn:startEvent id="start" />
            {Flow("f1", "start", "task")}
            {UserTask("task")}
            {Flow("f2", "task", "end")}
            <bpmn:endEvent id="end" />
            <bpmn:subProcess id="esp" triggeredByEvent="true">
              <bpmn:startEvent id="esp_start" isInterrupting="false"><bpmn:signalEventDefinition signalRef="sig" /></bpmn:startEvent>
              {Flow("e1", "esp_start", "esp_end")}
              <bpmn:endEvent id="esp_end" />
            </bpmn:subProcess>
            """).Replace("""<bpmn:process id="e" """, """<bpmn:signal id="sig" name="hinweis" /><bpmn:process id="e" """, StringComparison.Ordinal));

        var instance = engine.Start("e");
        var opened = Assert.Single(engine.Intents.OfType<SignalSubscriptionOpened>());
        Assert.Equal(instance.Key, opened.ElementInstanceKey);
        Assert.Equal("esp_start", opened.ElementId);
        Assert.False(opened.Interrupting);

        engine.CompleteTask(engine.SingleOpenTask(instance.Key).UserTaskKey);

        var closed = Assert.Single(engine.Intents.OfType<SignalSubscriptionClosed>());
        Assert.Equal(opened.SubscriptionKey, closed.SubscriptionKey);
        Assert.Empty(engine.Instance(instance.Key).Subscriptions);
    }
}
