using ProzessEngine.Core.Intents;
using ProzessEngine.Core.State;
using ProzessEngine.Feel;
using ProzessEngine.Testing.Engine;
using static ProzessEngine.Core.Tests.Models;

namespace ProzessEngine.Core.Tests.Runtime;

/// <summary>Execution listeners as Camunda 8 runs them: jobs before the element's work and before it leaves.</summary>
public sealed class ExecutionListenerTests
{
    private static string Listeners(params (string EventType, string Type)[] listeners) =>
        "<zeebe:executionListeners>"
        + string.Concat(listeners.Select(l => $"""<zeebe:executionListener eventType="{l.EventType}" type="{l.Type}" retries="1" />"""))
        + "</zeebe:executionListeners>";

    private static InMemoryEngine Engine(string body, string? processExtensions = null)
    {
        var engine = new InMemoryEngine(roundTripState: true);
        var xml = Process("p", body);
        if (processExtensions is not null)
        {
            xml = xml.Replace("""<bpmn:process id="p" isExecutable="true">""",
                $"""<bpmn:process id="p" isExecutable="true"><bpmn:extensionElements>{processExtensions}</bpmn:extensionElements>""", StringComparison.Ordinal);
        }

        engine.Deploy(xml);
        return engine;
    }

    private static string AroundTask(string extra) => $"""
        <bpmn:startEvent id="start" />
        {Flow("f1", "start", "task")}
        {ServiceTask("task", "arbeit", extra)}
        {Flow("f2", "task", "end")}
        <bpmn:endEvent id="end" />
        """;

    [Fact]
    public void Start_listeners_run_in_order_after_the_input_mappings_and_before_the_job()
    {
        var engine = Engine(AroundTask(Listeners(("start", "vorher-1"), ("start", "vorher-2")) + """
            <zeebe:ioMapping><zeebe:input source="=antrag" target="lokal" /></zeebe:ioMapping>
            """));

        var instance = engine.Start("p", ("antrag", "A-1"));

        var first = engine.OpenJobOfType("vorher-1");
        Assert.Equal(JobKind.ExecutionListener, first.Kind);
        Assert.Equal("START", first.ListenerEventType);
        Assert.DoesNotContain(engine.AllOpenJobs(), j => j.Type is "vorher-2" or "arbeit");
        var task = instance.Elements.Single(e => e.ElementId == "task");
        Assert.True(task.Variables!.TryGetValue("lokal", out var mapped));
        Assert.Equal(FeelValue.FromString("A-1"), mapped);

        instance = engine.CompleteJob(first.JobKey, ("gepruefter", "ja"));
        Assert.DoesNotContain(engine.AllOpenJobs(), j => j.Type == "arbeit");
        engine.CompleteJob(engine.OpenJobOfType("vorher-2").JobKey);

        var job = engine.OpenJobOfType("arbeit");
        Assert.Equal(JobKind.BpmnElement, job.Kind);
        task = engine.Instance(instance.Key).Elements.Single(e => e.ElementId == "task");
        Assert.True(task.Variables!.TryGetValue("gepruefter", out _), "a start listener's variables are local variables of the element");
        Assert.False(engine.Instance(instance.Key).Variables.TryGetValue("gepruefter", out _));
    }

    [Fact]
    public void End_listeners_run_after_the_output_mappings_and_their_variables_reach_the_scope()
    {
        var engine = Engine(AroundTask(Listeners(("end", "nachher")) + """
            <zeebe:ioMapping><zeebe:output source="=ergebnis * 2" target="doppelt" /></zeebe:ioMapping>
            """));
        var instance = engine.Start("p");

        engine.CompleteJob(engine.OpenJobOfType("arbeit").JobKey, ("ergebnis", 21));

        instance = engine.Instance(instance.Key);
        Assert.Equal(InstanceStatus.Active, instance.Status);
        Assert.True(instance.Variables.TryGetValue("doppelt", out var doubled), "the output mappings ran before the end listener");
        Assert.Equal(FeelValue.FromNumber(42), doubled);
        Assert.Equal(ElementState.Completing, instance.Elements.Single(e => e.ElementId == "task").State);

        instance = engine.CompleteJob(engine.OpenJobOfType("nachher").JobKey, ("protokolliert", true));

        Assert.Equal(InstanceStatus.Completed, instance.Status);
        Assert.Equal(FeelValue.True, instance.Variables.TryGetValue("protokolliert", out var logged) ? logged : FeelValue.Null);
    }

    [Fact]
    public void A_start_listener_on_a_gateway_can_set_the_variable_that_chooses_the_flow()
    {
        var engine = Engine($"""
            <bpmn:startEvent id="start" />
            {Flow("f1", "start", "gw")}
            <bpmn:exclusiveGateway id="gw" default="f3">
              <bpmn:extensionElements>{Listeners(("start", "entscheiden"))}</bpmn:extensionElements>
            </bpmn:exclusiveGateway>
            {Flow("f2", "gw", "ja", "=weiter = true")}
            {Flow("f3", "gw", "nein")}
            <bpmn:endEvent id="ja" />
            <bpmn:endEvent id="nein" />
            """);
        engine.Start("p");

        engine.CompleteJob(engine.OpenJobOfType("entscheiden").JobKey, ("weiter", true));

        Assert.Contains("+ja", engine.Trail);
        Assert.DoesNotContain("+nein", engine.Trail);
    }

    [Fact]
    public void Process_listeners_run_before_the_start_event_and_after_the_last_token()
    {
        var engine = Engine($"""
            <bpmn:startEvent id="start" />
            {Flow("f1", "start", "end")}
            <bpmn:endEvent id="end" />
            """, Listeners(("start", "prozess-start"), ("end", "prozess-ende")));

        var instance = engine.Start("p");

        Assert.Empty(engine.Trail);
        var start = engine.OpenJobOfType("prozess-start");
        Assert.Equal(instance.Key, start.ElementInstanceKey);
        instance = engine.CompleteJob(start.JobKey, ("kennzeichen", "X"));
        Assert.Equal(["+start", "-start", "+end", "-end"], engine.Trail);
        Assert.Equal(InstanceStatus.Active, instance.Status);

        instance = engine.CompleteJob(engine.OpenJobOfType("prozess-ende").JobKey);

        Assert.Equal(InstanceStatus.Completed, instance.Status);
        Assert.True(instance.Variables.TryGetValue("kennzeichen", out _));
    }

    [Fact]
    public void A_failed_listener_job_is_an_incident_and_resolving_it_runs_only_that_listener_again()
    {
        var engine = Engine(AroundTask(Listeners(("start", "eins"), ("start", "zwei"))));
        var instance = engine.Start("p");
        engine.CompleteJob(engine.OpenJobOfType("eins").JobKey);
        var failing = engine.OpenJobOfType("zwei");

        instance = engine.FailJob(failing.JobKey, 0, "Register nicht erreichbar");

        var task = instance.Elements.Single(e => e.ElementId == "task");
        Assert.NotNull(task.Incident);
        Assert.Equal(ElementState.Activating, task.State);
        Assert.Contains(engine.Intents, i => i is IncidentRaised raised && raised.JobKey == failing.JobKey);

        engine.ResolveIncident(instance.Key, task.Incident!.Key);

        Assert.Contains(engine.Intents, i => i is JobCanceled canceled && canceled.JobKey == failing.JobKey);
        var again = engine.OpenJobOfType("zwei");
        Assert.NotEqual(failing.JobKey, again.JobKey);
        Assert.Single(engine.Intents.OfType<JobCreated>(), j => j.Type == "eins");
        engine.CompleteJob(again.JobKey);
        Assert.Equal("arbeit", Assert.Single(engine.AllOpenJobs()).Type);
    }

    [Fact]
    public void A_failed_process_listener_is_an_incident_of_the_instance_and_resolving_it_offers_the_listener_again()
    {
        var engine = Engine($"""
            <bpmn:startEvent id="start" />
            {Flow("f1", "start", "end")}
            <bpmn:endEvent id="end" />
            """, Listeners(("start", "prozess-start")));
        _ = engine.Start("p");
        var job = engine.OpenJobOfType("prozess-start");

        var instance = engine.FailJob(job.JobKey, 0, "nicht erreichbar");

        Assert.True(instance.HasIncident);
        var run = Assert.Single(instance.ListenerRuns);
        Assert.Equal(ListenerRunKind.ProcessStart, run.Kind);
        var raised = Assert.Single(engine.Intents.OfType<IncidentRaised>());
        Assert.Equal("p", raised.ElementId);
        engine.ResolveIncident(instance.Key, run.Incident!.Key);
        instance = engine.CompleteJob(engine.OpenJobOfType("prozess-start").JobKey);

        Assert.Equal(InstanceStatus.Completed, instance.Status);
        Assert.False(instance.HasIncident);
    }

    [Fact]
    public void A_listener_type_that_cannot_be_evaluated_is_an_incident_and_resolving_it_runs_every_listener_of_the_event_again()
    {
        var engine = Engine(AroundTask("""
            <zeebe:executionListeners>
              <zeebe:executionListener eventType="start" type="eins" />
              <zeebe:executionListener eventType="start" type="=art" />
            </zeebe:executionListeners>
            """));
        var instance = engine.Start("p");

        instance = engine.CompleteJob(engine.OpenJobOfType("eins").JobKey);
        var task = instance.Elements.Single(e => e.ElementId == "task");
        Assert.NotNull(task.Incident);
        engine.SetVariables(instance.Key, null, false, ("art", "zwei"));
        engine.ResolveIncident(instance.Key, task.Incident!.Key);

        engine.CompleteJob(engine.OpenJobOfType("eins").JobKey);
        engine.CompleteJob(engine.OpenJobOfType("zwei").JobKey);
        Assert.Equal(2, engine.Intents.OfType<JobCreated>().Count(j => j.Type == "eins"));
        Assert.Equal("arbeit", Assert.Single(engine.AllOpenJobs()).Type);
    }

    [Fact]
    public void A_listener_job_cannot_throw_a_bpmn_error()
    {
        var engine = Engine(AroundTask(Listeners(("start", "vorher"))));
        engine.Start("p");
        var job = engine.OpenJobOfType("vorher");

        var error = Assert.Throws<EngineConflictException>(() => engine.ThrowJobError(job.JobKey, "FEHLER"));

        Assert.Contains("listener", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_execution_listener_job_takes_no_job_result()
    {
        var engine = Engine(AroundTask(Listeners(("start", "vorher"))));
        engine.Start("p");

        var error = Assert.Throws<JobResultRejectedException>(() =>
            engine.CompleteJob(engine.OpenJobOfType("vorher").JobKey, new UserTaskJobResult(false, null, [])));

        Assert.Equal("result.type", error.Field);
    }

    [Fact]
    public void Cancelling_the_instance_withdraws_an_open_listener_job()
    {
        var engine = Engine(AroundTask(Listeners(("start", "vorher"))), Listeners(("end", "nie")));
        var instance = engine.Start("p");
        var job = engine.OpenJobOfType("vorher");

        instance = engine.Cancel(instance.Key);

        Assert.Equal(InstanceStatus.Terminated, instance.Status);
        Assert.Contains(engine.Intents, i => i is JobCanceled canceled && canceled.JobKey == job.JobKey);
        Assert.Empty(engine.AllOpenJobs());
    }

    [Fact]
    public void An_interrupting_boundary_event_withdraws_the_listener_job_of_its_activity()
    {
        var engine = Engine($"""
            <bpmn:startEvent id="start" />
            {Flow("f1", "start", "task")}
            {ServiceTask("task", "arbeit", Listeners(("end", "nachher")))}
            <bpmn:boundaryEvent id="frist" attachedToRef="task">
              <bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition>
            </bpmn:boundaryEvent>
            {Flow("f2", "task", "end")}
            {Flow("f3", "frist", "end")}
            <bpmn:endEvent id="end" />
            """);
        var instance = engine.Start("p");
        engine.Advance(TimeSpan.FromHours(2));

        Assert.Equal(InstanceStatus.Completed, engine.Instance(instance.Key).Status);
        Assert.DoesNotContain(engine.Intents.OfType<JobCreated>(), j => j.Type == "nachher");
    }

    [Fact]
    public void Listeners_of_a_multi_instance_activity_run_for_each_instance()
    {
        var engine = Engine(AroundTask(Listeners(("start", "je-start")) + """
            </bpmn:extensionElements>
            <bpmn:multiInstanceLoopCharacteristics isSequential="true">
              <bpmn:extensionElements><zeebe:loopCharacteristics inputCollection="=[1, 2]" inputElement="nr" /></bpmn:extensionElements>
            </bpmn:multiInstanceLoopCharacteristics>
            <bpmn:extensionElements>
            """));
        var instance = engine.Start("p");

        for (var i = 0; i < 2; i++)
        {
            engine.CompleteJob(engine.OpenJobOfType("je-start").JobKey);
            engine.CompleteJob(engine.OpenJobOfType("arbeit").JobKey);
        }

        Assert.Equal(InstanceStatus.Completed, engine.Instance(instance.Key).Status);
        Assert.Equal(2, engine.Intents.OfType<JobCreated>().Count(j => j.Type == "je-start"));
    }

    [Fact]
    public void A_start_listener_sets_the_correlation_key_of_a_message_catch_event()
    {
        var engine = new InMemoryEngine(roundTripState: true);
        engine.Deploy($"""
            <?xml version="1.0" encoding="UTF-8"?>
            <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="t">
              <bpmn:message id="m" name="bescheid"><bpmn:extensionElements><zeebe:subscription correlationKey="=aktenzeichen" /></bpmn:extensionElements></bpmn:message>
              <bpmn:process id="p" isExecutable="true">
                <bpmn:startEvent id="start" />
                {Flow("f1", "start", "warten")}
                <bpmn:intermediateCatchEvent id="warten">
                  <bpmn:extensionElements>{Listeners(("start", "aktenzeichen-holen"))}</bpmn:extensionElements>
                  <bpmn:messageEventDefinition messageRef="m" />
                </bpmn:intermediateCatchEvent>
                {Flow("f2", "warten", "end")}
                <bpmn:endEvent id="end" />
              </bpmn:process>
            </bpmn:definitions>
            """);
        var instance = engine.Start("p");
        Assert.Empty(engine.Instance(instance.Key).Subscriptions);

        engine.CompleteJob(engine.OpenJobOfType("aktenzeichen-holen").JobKey, ("aktenzeichen", "AZ-7"));
        engine.PublishMessage("bescheid", "AZ-7");

        Assert.Equal(InstanceStatus.Completed, engine.Instance(instance.Key).Status);
    }

    [Fact]
    public void A_triggered_event_sub_process_keeps_its_trigger_variables_while_its_start_listener_runs()
    {
        var engine = new InMemoryEngine(roundTripState: true);
        engine.Deploy($"""
            <?xml version="1.0" encoding="UTF-8"?>
            <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="t">
              <bpmn:signal id="sig" name="eilt" />
              <bpmn:process id="p" isExecutable="true">
                <bpmn:startEvent id="start" />
                {Flow("f1", "start", "warten")}
                {UserTask("warten")}
                {Flow("f2", "warten", "end")}
                <bpmn:endEvent id="end" />
                <bpmn:subProcess id="esp" triggeredByEvent="true">
                  <bpmn:extensionElements>{Listeners(("start", "esp-start"))}</bpmn:extensionElements>
                  <bpmn:startEvent id="esp_start" isInterrupting="false"><bpmn:signalEventDefinition signalRef="sig" /></bpmn:startEvent>
                  {Flow("f3", "esp_start", "esp_end")}
                  <bpmn:endEvent id="esp_end" />
                </bpmn:subProcess>
              </bpmn:process>
            </bpmn:definitions>
            """);
        var instance = engine.Start("p");

        engine.BroadcastSignal("eilt", ("grund", "Frist"));
        Assert.False(engine.Instance(instance.Key).Variables.TryGetValue("grund", out _), "the trigger waits for the start listener");
        engine.CompleteJob(engine.OpenJobOfType("esp-start").JobKey);

        Assert.Contains("-esp", engine.Trail);
        Assert.True(engine.Instance(instance.Key).Variables.TryGetValue("grund", out var reason));
        Assert.Equal(FeelValue.FromString("Frist"), reason);
    }
}
