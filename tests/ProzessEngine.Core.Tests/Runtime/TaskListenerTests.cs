using ProzessEngine.Core.Intents;
using ProzessEngine.Core.State;
using ProzessEngine.Feel;
using ProzessEngine.Testing.Engine;
using static ProzessEngine.Core.Tests.Models;

namespace ProzessEngine.Core.Tests.Runtime;

/// <summary>User task listeners as Camunda 8.8 runs them: jobs that hold up a transition and may deny or correct it.</summary>
public sealed class TaskListenerTests
{
    private static InMemoryEngine Engine(string listeners, string assignment = """<zeebe:assignmentDefinition candidateGroups="fachamt" />""")
    {
        var engine = new InMemoryEngine(roundTripState: true);
        engine.Deploy(Process("p", $"""
            <bpmn:startEvent id="start" />
            {Flow("f1", "start", "pruefen")}
            <bpmn:userTask id="pruefen" name="Antrag prüfen">
              <bpmn:extensionElements>
                {assignment}
                <zeebe:taskHeaders><zeebe:header key="abteilung" value="bau" /></zeebe:taskHeaders>
                <zeebe:taskListeners>{listeners}</zeebe:taskListeners>
              </bpmn:extensionElements>
            </bpmn:userTask>
            {Flow("f2", "pruefen", "end")}
            <bpmn:endEvent id="end" />
            """));
        return engine;
    }

    private static string Listener(string eventType, string type) => $"""<zeebe:taskListener eventType="{eventType}" type="{type}" />""";

    private static UserTaskJobResult Corrections(params (string Attribute, FeelValue Value)[] corrections) =>
        new(false, null, [.. corrections.Select(c => new KeyValuePair<string, FeelValue>(c.Attribute, c.Value))]);

    [Fact]
    public void A_creating_listener_holds_the_task_in_creating_and_its_corrections_apply_when_it_is_done()
    {
        var engine = Engine(Listener("creating", "anlegen"));
        var instance = engine.Start("p");

        var created = Assert.Single(engine.Intents.OfType<UserTaskCreated>());
        Assert.True(created.Creating);
        var job = engine.OpenJobOfType("anlegen");
        Assert.Equal(JobKind.TaskListener, job.Kind);
        Assert.Equal("CREATING", job.ListenerEventType);
        Assert.Equal("bau", Assert.Single(job.CustomHeaders).Value);
        Assert.Throws<EngineConflictException>(() => engine.CompleteTask(created.UserTaskKey));

        engine.CompleteJob(job.JobKey, Corrections(("priority", FeelValue.FromNumber(80)), ("candidateGroups", FeelValue.FromList([FeelValue.FromString("bauamt")]))));

        var updated = Assert.Single(engine.Intents.OfType<UserTaskUpdated>());
        Assert.Equal(created.UserTaskKey, updated.UserTaskKey);
        Assert.Contains(updated.Attributes, a => a.Key == "priority" && a.Value == FeelValue.FromNumber(80));
        instance = engine.CompleteTask(created.UserTaskKey);
        Assert.Equal(InstanceStatus.Completed, instance.Status);
    }

    [Fact]
    public void The_models_assignee_is_assigned_after_the_creating_listeners_through_the_assigning_listeners()
    {
        var engine = Engine(Listener("creating", "anlegen") + Listener("assigning", "zuweisen"),
            """<zeebe:assignmentDefinition assignee="erika" />""");
        engine.Start("p");

        Assert.Null(Assert.Single(engine.Intents.OfType<UserTaskCreated>()).Assignee);
        engine.CompleteJob(engine.OpenJobOfType("anlegen").JobKey);
        var assigning = engine.OpenJobOfType("zuweisen");
        Assert.Equal("ASSIGNING", assigning.ListenerEventType);
        Assert.Contains(engine.Intents, i => i is UserTaskTransitionStarted { Event: Bpmn.Model.TaskListenerEventType.Assigning });

        engine.CompleteJob(assigning.JobKey);

        var assigned = engine.Intents.OfType<UserTaskUpdated>().Last();
        Assert.Contains(assigned.Attributes, a => a.Key == "assignee" && a.Value == FeelValue.FromString("erika"));
    }

    [Fact]
    public void A_denied_assignment_leaves_the_task_as_it_was()
    {
        var engine = Engine(Listener("assigning", "zuweisen"));
        engine.Start("p");
        var task = Assert.Single(engine.AllOpenTasks());

        engine.AssignTask(task.UserTaskKey, "max");
        Assert.Throws<EngineConflictException>(() => engine.AssignTask(task.UserTaskKey, "erika"));
        engine.CompleteJob(engine.OpenJobOfType("zuweisen").JobKey, new UserTaskJobResult(true, "Max ist im Urlaub", []));

        var denied = Assert.Single(engine.Intents.OfType<UserTaskTransitionDenied>());
        Assert.Equal("Max ist im Urlaub", denied.Reason);
        Assert.Empty(engine.Intents.OfType<UserTaskUpdated>());
        engine.AssignTask(task.UserTaskKey, "erika");
        Assert.NotNull(engine.OpenJobOfType("zuweisen"));
    }

    [Fact]
    public void Completing_listeners_hold_the_variables_until_they_agree_and_a_denial_discards_them()
    {
        var engine = Engine(Listener("completing", "abschliessen"));
        var instance = engine.Start("p");
        var task = Assert.Single(engine.AllOpenTasks());

        engine.CompleteTask(task.UserTaskKey, ("entscheidung", "ja"));
        Assert.False(engine.Instance(instance.Key).Variables.TryGetValue("entscheidung", out _));
        engine.CompleteJob(engine.OpenJobOfType("abschliessen").JobKey, new UserTaskJobResult(true, "Begründung fehlt", []));
        Assert.Equal(InstanceStatus.Active, engine.Instance(instance.Key).Status);
        Assert.False(engine.Instance(instance.Key).Variables.TryGetValue("entscheidung", out _));

        engine.CompleteTask(task.UserTaskKey, ("entscheidung", "nein"));
        instance = engine.CompleteJob(engine.OpenJobOfType("abschliessen").JobKey, Corrections(("assignee", FeelValue.FromString("erika"))));

        Assert.Equal(InstanceStatus.Completed, instance.Status);
        Assert.Equal(FeelValue.FromString("nein"), instance.Variables.TryGetValue("entscheidung", out var decision) ? decision : FeelValue.Null);
        Assert.Contains(engine.Intents.OfType<UserTaskUpdated>(), u => u.Attributes.Any(a => a.Key == "assignee"));
    }

    [Fact]
    public void A_task_completed_after_its_completing_listeners_counts_as_completed_by_who_asked_not_by_the_worker()
    {
        var engine = Engine(Listener("completing", "abschliessen"));
        engine.Start("p");
        var task = Assert.Single(engine.AllOpenTasks());
        engine.CompleteTaskAs(task.UserTaskKey, CommandActor.User("max") with { OnBehalfOf = "erika" });
        Assert.Empty(engine.Intents.OfType<UserTaskCompleted>());

        engine.CompleteJob(engine.OpenJobOfType("abschliessen").JobKey);

        var completed = Assert.Single(engine.Intents.OfType<UserTaskCompleted>());
        Assert.Equal(("max", "erika"), (completed.CompletedBy, completed.CompletedOnBehalfOf));
        Assert.Equal("user:max for user:erika", Assert.Single(engine.Events, e => e.Kind == Journal.JournalEventKind.UserTaskCompleted).Detail);
    }

    [Fact]
    public void An_update_runs_its_listeners_and_takes_their_corrections()
    {
        var engine = Engine(Listener("updating", "aendern"));
        engine.Start("p");
        var task = Assert.Single(engine.AllOpenTasks());

        engine.UpdateTask(task.UserTaskKey, ("priority", 10), ("dueDate", "2026-12-24T10:00:00Z"));
        Assert.Empty(engine.Intents.OfType<UserTaskUpdated>());
        engine.CompleteJob(engine.OpenJobOfType("aendern").JobKey, Corrections(("priority", FeelValue.FromNumber(90))));

        var updated = Assert.Single(engine.Intents.OfType<UserTaskUpdated>());
        Assert.Contains(updated.Attributes, a => a.Key == "priority" && a.Value == FeelValue.FromNumber(90));
        Assert.Contains(updated.Attributes, a => a.Key == "dueDate");
    }

    [Fact]
    public void An_update_is_journaled_with_old_and_new_values_also_after_its_listeners_ran()
    {
        // The state is written and read back after every command: the old values survive the wait for the listener.
        var engine = Engine(Listener("updating", "aendern"));
        engine.Start("p");
        var task = Assert.Single(engine.AllOpenTasks());

        engine.UpdateTaskKnowing([("priority", 50), ("followUpDate", null)], task.UserTaskKey, ("priority", 10), ("followUpDate", "2026-12-01T08:00:00Z"));
        engine.CompleteJob(engine.OpenJobOfType("aendern").JobKey, Corrections(("priority", FeelValue.FromNumber(90))));

        var journaled = Assert.Single(engine.Events, e => e.Kind == Journal.JournalEventKind.UserTaskUpdated);
        Assert.Equal("""{"priority":{"old":50,"new":90},"followUpDate":{"old":null,"new":"2026-12-01T08:00:00Z"}}""", journaled.Detail);
    }

    [Fact]
    public void An_update_without_updating_listeners_is_journaled_with_old_and_new_values_at_once()
    {
        var engine = Engine(Listener("completing", "abschliessen"));
        engine.Start("p");
        var task = Assert.Single(engine.AllOpenTasks());

        engine.UpdateTaskKnowing([("dueDate", "2026-12-24T10:00:00Z")], task.UserTaskKey, ("dueDate", "2027-01-08T10:00:00Z"));

        Assert.Equal("""{"dueDate":{"old":"2026-12-24T10:00:00Z","new":"2027-01-08T10:00:00Z"}}""",
            Assert.Single(engine.Events, e => e.Kind == Journal.JournalEventKind.UserTaskUpdated).Detail);
    }

    [Fact]
    public void Task_listener_jobs_take_no_variables_and_creating_cannot_be_denied()
    {
        var engine = Engine(Listener("creating", "anlegen"));
        engine.Start("p");
        var job = engine.OpenJobOfType("anlegen");

        Assert.Equal("variables", Assert.Throws<JobResultRejectedException>(() => engine.CompleteJob(job.JobKey, null, ("x", 1))).Field);
        Assert.Equal("result.denied", Assert.Throws<JobResultRejectedException>(() =>
            engine.CompleteJob(job.JobKey, new UserTaskJobResult(true, null, []))).Field);
        Assert.Equal("result.type", Assert.Throws<JobResultRejectedException>(() =>
            engine.CompleteJob(job.JobKey, new AdHocSubProcessJobResult([], true, false))).Field);
    }

    [Fact]
    public void A_failed_task_listener_is_an_incident_and_resolving_it_runs_that_listener_again()
    {
        var engine = Engine(Listener("completing", "eins") + Listener("completing", "zwei"));
        var instance = engine.Start("p");
        var task = Assert.Single(engine.AllOpenTasks());
        engine.CompleteTask(task.UserTaskKey);
        engine.CompleteJob(engine.OpenJobOfType("eins").JobKey);

        instance = engine.FailJob(engine.OpenJobOfType("zwei").JobKey, 0, "Dienst weg");
        var element = Assert.Single(instance.Elements);
        Assert.NotNull(element.Incident);
        engine.ResolveIncident(instance.Key, element.Incident!.Key);
        instance = engine.CompleteJob(engine.OpenJobOfType("zwei").JobKey);

        Assert.Equal(InstanceStatus.Completed, instance.Status);
        Assert.Single(engine.Intents.OfType<JobCreated>(), j => j.Type == "eins");
    }

    [Fact]
    public void Canceling_listeners_run_after_the_task_was_terminated_and_then_the_task_is_canceled()
    {
        var engine = Engine(Listener("completing", "abschliessen") + Listener("canceling", "abbrechen"));
        var instance = engine.Start("p");
        var task = Assert.Single(engine.AllOpenTasks());
        engine.CompleteTask(task.UserTaskKey);
        var completing = engine.OpenJobOfType("abschliessen");

        instance = engine.Cancel(instance.Key);

        Assert.Equal(InstanceStatus.Terminated, instance.Status);
        Assert.Contains(engine.Intents, i => i is JobCanceled canceled && canceled.JobKey == completing.JobKey);
        Assert.Empty(engine.Intents.OfType<UserTaskCanceled>());
        var canceling = engine.OpenJobOfType("abbrechen");
        Assert.Equal("CANCELING", canceling.ListenerEventType);

        engine.CompleteJob(canceling.JobKey);

        Assert.Equal(task.UserTaskKey, Assert.Single(engine.Intents.OfType<UserTaskCanceled>()).UserTaskKey);
        Assert.Empty(engine.Instance(instance.Key).ListenerRuns);
    }

    [Fact]
    public void Without_assigning_listeners_an_assignment_is_done_at_once()
    {
        var engine = Engine(Listener("completing", "abschliessen"));
        engine.Start("p");
        var task = Assert.Single(engine.AllOpenTasks());

        engine.AssignTask(task.UserTaskKey, "erika");

        Assert.Contains(Assert.Single(engine.Intents.OfType<UserTaskUpdated>()).Attributes, a => a.Key == "assignee" && a.Value == FeelValue.FromString("erika"));
        Assert.Empty(engine.Intents.OfType<UserTaskTransitionStarted>());
    }
}
