using ProzessEngine.Core.Behaviors;
using ProzessEngine.Core.Intents;
using ProzessEngine.Core.State;
using ProzessEngine.Feel;
using ProzessEngine.Testing.Engine;
using static ProzessEngine.Core.Tests.Models;

namespace ProzessEngine.Core.Tests.Runtime;

/// <summary>The Camunda 8.8 agent pattern: a job worker decides, round by round, what an ad-hoc sub-process runs.</summary>
public sealed class AdHocJobWorkerTests
{
    private const string Agent = "agent";
    private const string OutputElement = "={werkzeug: aufruf.name, inhalt: antwort}";
    private const string FromAi = "=fromAi(aufruf.person, &quot;Die gesuchte Person&quot;, &quot;string&quot;)";

    private static InMemoryEngine Engine()
    {
        var engine = new InMemoryEngine(roundTripState: true);
        engine.Deploy(Process("p", $"""
            <bpmn:startEvent id="start" />
            {Flow("f1", "start", "agent")}
            <bpmn:adHocSubProcess id="agent" name="Sachbearbeitungs-Agent">
              <bpmn:extensionElements>
                <zeebe:taskDefinition type="{Agent}" retries="2" />
                <zeebe:taskHeaders><zeebe:header key="modell" value="klein" /></zeebe:taskHeaders>
                <zeebe:adHoc outputCollection="ergebnisse" outputElement="{OutputElement}" />
              </bpmn:extensionElements>
              <bpmn:serviceTask id="register" name="Register abfragen">
                <bpmn:documentation>Fragt das Melderegister ab.</bpmn:documentation>
                <bpmn:extensionElements>
                  <zeebe:taskDefinition type="register" />
                  <zeebe:properties><zeebe:property name="kosten" value="gering" /></zeebe:properties>
                  <zeebe:ioMapping>
                    <zeebe:input source="{FromAi}" target="person" />
                    <zeebe:output source="=treffer" target="antwort" />
                  </zeebe:ioMapping>
                </bpmn:extensionElements>
              </bpmn:serviceTask>
              <bpmn:userTask id="rueckfrage" name="Rückfrage" />
            </bpmn:adHocSubProcess>
            {Flow("f2", "agent", "end")}
            <bpmn:endEvent id="end" />
            """));
        return engine;
    }

    private static FeelValue Entry(FeelValue context, string name) => context.AsContext().FirstOrDefault(e => e.Key == name).Value;

    private static AdHocActivation Call(string elementId) =>
        new(elementId, InMemoryEngine.ToFeel([("aufruf", new { name = elementId, person = "Erika" })]));

    private static AdHocSubProcessJobResult Activate(string elementId, params (string Name, object? Value)[] variables) =>
        new([new AdHocActivation(elementId, InMemoryEngine.ToFeel(variables))], false, false);

    [Fact]
    public void The_sub_process_creates_a_job_that_describes_the_elements_it_can_activate()
    {
        var engine = Engine();
        var instance = engine.Start("p");

        var job = engine.OpenJobOfType(Agent);
        Assert.Equal(JobKind.AdHocSubProcess, job.Kind);
        Assert.Equal("klein", Assert.Single(job.CustomHeaders).Value);
        var adHoc = instance.Elements.Single(e => e.ElementId == "agent");
        Assert.True(adHoc.Variables!.TryGetValue(AdHocSubProcessBehavior.ElementsVariable, out var elements));
        var register = elements.AsList().Single(e => Entry(e, "elementId") == FeelValue.FromString("register"));
        Assert.Equal(FeelValue.FromString("Fragt das Melderegister ab."), Entry(register, "documentation"));
        Assert.Equal(FeelValue.FromString("gering"), Entry(Entry(register, "properties"), "kosten"));
        var parameter = Assert.Single(Entry(register, "parameters").AsList());
        Assert.Equal(FeelValue.FromString("person"), Entry(parameter, "name"));
        Assert.Equal(FeelValue.FromString("Die gesuchte Person"), Entry(parameter, "description"));
        Assert.Equal(FeelValue.FromString("string"), Entry(parameter, "type"));
        Assert.Equal(2, elements.AsList().Count);
    }

    [Fact]
    public void Rounds_of_the_agent_activate_tools_collect_their_output_and_complete_the_sub_process()
    {
        var engine = Engine();
        var instance = engine.Start("p");

        // Round 1: the worker calls the register tool with the call's arguments as local variables.
        engine.CompleteJob(engine.OpenJobOfType(Agent).JobKey, Activate("register", ("aufruf", new { name = "register", person = "Erika" })), ("gedanke", "erst prüfen"));
        var tool = engine.OpenJobOfType("register");
        var toolElement = engine.Instance(instance.Key).Elements.Single(e => e.ElementId == "register");
        Assert.True(toolElement.Variables!.TryGetValue("aufruf", out _), "activation variables are local variables of the activated element");
        Assert.True(toolElement.Variables.TryGetValue("person", out var person), "fromAi hands the value through");
        Assert.Equal(FeelValue.FromString("Erika"), person);
        Assert.DoesNotContain(engine.AllOpenJobs(), j => j.Type == Agent);

        // The path ends: the worker gets a new job and sees the collected output.
        engine.CompleteJob(tool.JobKey, ("treffer", "gemeldet seit 2001"));
        var round2 = engine.OpenJobOfType(Agent);
        var adHoc = engine.Instance(instance.Key).Elements.Single(e => e.ElementId == "agent");
        Assert.True(adHoc.Variables!.TryGetValue("ergebnisse", out var collected));
        var first = Assert.Single(collected.AsList());
        Assert.Equal(FeelValue.FromString("gemeldet seit 2001"), Entry(first, "inhalt"));
        Assert.Equal(FeelValue.FromString("register"), Entry(first, "werkzeug"));

        // Round 2: done.
        instance = engine.CompleteJob(round2.JobKey, new AdHocSubProcessJobResult([], true, false), ("antwortText", "Erika ist gemeldet."));

        Assert.Equal(InstanceStatus.Completed, instance.Status);
        Assert.True(instance.Variables.TryGetValue("ergebnisse", out var propagated), "the output collection reaches the enclosing scope");
        Assert.Single(propagated.AsList());
        Assert.True(instance.Variables.TryGetValue("antwortText", out _));
    }

    [Fact]
    public void Fulfilling_the_completion_condition_with_cancel_remaining_terminates_running_elements()
    {
        var engine = Engine();
        _ = engine.Start("p");
        engine.CompleteJob(engine.OpenJobOfType(Agent).JobKey, new AdHocSubProcessJobResult(
            [Call("register"), new AdHocActivation("rueckfrage", null)], false, false));
        engine.CompleteJob(engine.OpenJobOfType("register").JobKey, ("treffer", "x"));

        var instance = engine.CompleteJob(engine.OpenJobOfType(Agent).JobKey, new AdHocSubProcessJobResult([], true, true));

        Assert.Equal(InstanceStatus.Completed, instance.Status);
        Assert.Contains("xrueckfrage", engine.Journal);
    }

    [Fact]
    public void Without_cancel_remaining_the_sub_process_waits_for_running_elements_and_asks_the_worker_no_more()
    {
        var engine = Engine();
        var instance = engine.Start("p");
        engine.CompleteJob(engine.OpenJobOfType(Agent).JobKey, new AdHocSubProcessJobResult(
            [Call("register"), new AdHocActivation("rueckfrage", null)], false, false));
        engine.CompleteJob(engine.OpenJobOfType("register").JobKey, ("treffer", "x"));

        instance = engine.CompleteJob(engine.OpenJobOfType(Agent).JobKey, new AdHocSubProcessJobResult([], true, false));
        Assert.Equal(InstanceStatus.Active, instance.Status);
        instance = engine.CompleteTask(Assert.Single(engine.AllOpenTasks()).UserTaskKey);

        Assert.Equal(InstanceStatus.Completed, instance.Status);
        Assert.Equal(2, engine.Intents.OfType<JobCreated>().Count(j => j.Type == Agent));
        Assert.Empty(engine.AllOpenJobs());
    }

    [Fact]
    public void A_result_that_does_not_fit_the_job_names_the_field()
    {
        var engine = Engine();
        engine.Start("p");
        var job = engine.OpenJobOfType(Agent);

        Assert.Equal("result", Assert.Throws<JobResultRejectedException>(() => engine.CompleteJob(job.JobKey)).Field);
        Assert.Equal("result.activateElements[0].elementId",
            Assert.Throws<JobResultRejectedException>(() => engine.CompleteJob(job.JobKey, Activate("gibt-es-nicht"))).Field);
        Assert.Equal("result.activateElements", Assert.Throws<JobResultRejectedException>(() =>
            engine.CompleteJob(job.JobKey, new AdHocSubProcessJobResult([new AdHocActivation("register", null)], true, false))).Field);
        Assert.Equal("result", Assert.Throws<JobResultRejectedException>(() =>
            engine.CompleteJob(job.JobKey, new UserTaskJobResult(false, null, []))).Field);
    }

    [Fact]
    public void A_service_tasks_job_takes_no_result()
    {
        var engine = new InMemoryEngine();
        engine.Deploy(Process("s", $"""
            <bpmn:startEvent id="start" />
            {Flow("f1", "start", "task")}
            {ServiceTask("task", "arbeit")}
            {Flow("f2", "task", "end")}
            <bpmn:endEvent id="end" />
            """));
        engine.Start("s");

        var error = Assert.Throws<JobResultRejectedException>(() =>
            engine.CompleteJob(engine.OpenJobOfType("arbeit").JobKey, new UserTaskJobResult(false, null, [])));

        Assert.Equal("result.type", error.Field);
    }

    [Fact]
    public void Cancelling_the_instance_withdraws_the_agents_job()
    {
        var engine = Engine();
        var instance = engine.Start("p");
        var job = engine.OpenJobOfType(Agent);

        engine.Cancel(instance.Key);

        Assert.Contains(engine.Intents, i => i is JobCanceled canceled && canceled.JobKey == job.JobKey);
    }

    [Fact]
    public void A_failed_agent_job_is_an_incident_and_resolving_it_creates_a_new_job()
    {
        var engine = Engine();
        var instance = engine.Start("p");

        instance = engine.FailJob(engine.OpenJobOfType(Agent).JobKey, 0, "Modell nicht erreichbar");
        var adHoc = instance.Elements.Single(e => e.ElementId == "agent");
        engine.ResolveIncident(instance.Key, adHoc.Incident!.Key);

        var again = engine.OpenJobOfType(Agent);
        Assert.Equal(JobKind.AdHocSubProcess, again.Kind);
        Assert.Equal(2, again.Retries);
    }
}
