using ProzessEngine.Core.Intents;
using ProzessEngine.Core.Journal;
using ProzessEngine.Core.Serialization;
using ProzessEngine.Core.State;
using ProzessEngine.Feel;
using ProzessEngine.Testing.Engine;
using static ProzessEngine.Core.Tests.Models;

namespace ProzessEngine.Core.Tests.Runtime;

public sealed class ProcessRuntimeTests
{
    [Theory]
    [InlineData(70, "end_approved")]
    [InlineData(10, "end_rejected")]
    public void Straight_through_instance_completes_in_one_command(int amount, string expectedEnd)
    {
        var engine = new InMemoryEngine([new DecideHandler()]);
        engine.Deploy(Straight);

        var instance = engine.Start("straight", ("amount", amount));

        Assert.Equal(InstanceStatus.Completed, instance.Status);
        Assert.Empty(instance.Elements);
        Assert.Equal(["+start", "-start", "+decide", "-decide", "+gw", "-gw", $"+{expectedEnd}", $"-{expectedEnd}"], engine.Trail);
        Assert.True(instance.Variables.TryGetValue("approved", out var approved));
        Assert.Equal(FeelValue.FromBoolean(amount >= 50), approved);
    }

    [Fact]
    public void User_task_waits_until_completed_and_merges_variables_into_the_process()
    {
        var engine = new InMemoryEngine();
        engine.Deploy(SingleUserTask);

        var instance = engine.Start("usertask", ("antrag", "A-1"));

        Assert.Equal(InstanceStatus.Active, instance.Status);
        var element = Assert.Single(instance.Elements);
        Assert.Equal("approve", element.ElementId);
        Assert.Equal(ElementState.Waiting, element.State);
        var task = engine.SingleOpenTask(instance.Key);
        Assert.Equal(["fachamt"], task.CandidateGroups);
        Assert.Equal(50, task.Priority);

        instance = engine.CompleteTask(task.UserTaskKey, ("genehmigt", true));

        Assert.Equal(InstanceStatus.Completed, instance.Status);
        Assert.True(instance.Variables.TryGetValue("genehmigt", out var approved));
        Assert.Equal(FeelValue.True, approved);
        Assert.Contains(engine.Intents, i => i is UserTaskCompleted completed && completed.UserTaskKey == task.UserTaskKey);
    }

    [Fact]
    public void Completing_a_task_twice_is_a_conflict()
    {
        var engine = new InMemoryEngine();
        engine.Deploy(SingleUserTask);
        var instance = engine.Start("usertask");
        var task = engine.SingleOpenTask(instance.Key);
        engine.CompleteTask(task.UserTaskKey);

        Assert.Throws<EngineConflictException>(() =>
            engine.Runtime.CompleteUserTask(engine.Deploy(SingleUserTask), engine.Instance(instance.Key), task.UserTaskKey, null, CommandActor.User("x")));
    }

    [Fact]
    public void Parallel_join_waits_for_every_branch()
    {
        var engine = new InMemoryEngine();
        engine.Deploy(Process("p", $"""
            <bpmn:startEvent id="start" />
            {Flow("f0", "start", "split")}
            <bpmn:parallelGateway id="split" />
            {Flow("fa", "split", "a")}
            {Flow("fb", "split", "b")}
            {UserTask("a")}
            {UserTask("b")}
            {Flow("fa2", "a", "join")}
            {Flow("fb2", "b", "join")}
            <bpmn:parallelGateway id="join" />
            {Flow("f3", "join", "end")}
            <bpmn:endEvent id="end" />
            """));

        var instance = engine.Start("p");
        var tasks = engine.OpenTasks(instance.Key).ToList();
        Assert.Equal(2, tasks.Count);

        instance = engine.CompleteTask(tasks[0].UserTaskKey);
        Assert.Equal(InstanceStatus.Active, instance.Status);
        Assert.DoesNotContain(engine.Trail, t => t == "+join");

        instance = engine.CompleteTask(tasks[1].UserTaskKey);
        Assert.Equal(InstanceStatus.Completed, instance.Status);
        Assert.Single(engine.Trail, t => t == "+join");
    }

    [Fact]
    public void Parallel_model_with_inline_tasks_runs_straight_through()
    {
        var engine = new InMemoryEngine([new WorkHandler()]);
        engine.Deploy(Models.Parallel);

        var instance = engine.Start("parallel");

        Assert.Equal(InstanceStatus.Completed, instance.Status);
        Assert.Equal(3, engine.Trail.Count(t => t is "-task_a" or "-task_b" or "-task_c"));
        Assert.Single(engine.Trail, t => t == "+end");
    }

    [Fact]
    public void Exclusive_gateway_takes_the_first_true_condition_in_document_order()
    {
        var engine = new InMemoryEngine();
        engine.Deploy(Process("x", $"""
            <bpmn:startEvent id="start" />
            {Flow("f0", "start", "gw")}
            <bpmn:exclusiveGateway id="gw" />
            {Flow("f_big", "gw", "big", "=betrag > 1000")}
            {Flow("f_any", "gw", "any", "=betrag > 0")}
            <bpmn:endEvent id="big" />
            <bpmn:endEvent id="any" />
            """));

        engine.Start("x", ("betrag", 5000));

        Assert.Contains("+big", engine.Trail);
        Assert.DoesNotContain("+any", engine.Trail);
    }

    [Fact]
    public void No_matching_condition_and_no_default_flow_raises_an_incident_instead_of_failing()
    {
        var engine = new InMemoryEngine();
        engine.Deploy(Process("x", $"""
            <bpmn:startEvent id="start" />
            {Flow("f0", "start", "gw")}
            <bpmn:exclusiveGateway id="gw" />
            {Flow("f_big", "gw", "big", "=betrag > 1000")}
            {Flow("f_small", "gw", "small", "=betrag < 10")}
            <bpmn:endEvent id="big" />
            <bpmn:endEvent id="small" />
            """));

        var instance = engine.Start("x", ("betrag", 500));

        Assert.Equal(InstanceStatus.Active, instance.Status);
        var element = Assert.Single(instance.Elements);
        Assert.Equal("gw", element.ElementId);
        Assert.Equal(IncidentErrorType.ConditionNoMatch, element.Incident!.ErrorType);
        Assert.Contains("gw", element.Incident.Message, StringComparison.Ordinal);
        Assert.Single(engine.Intents.OfType<IncidentRaised>());
    }

    [Fact]
    public void A_condition_that_evaluates_to_null_is_an_incident_not_false_and_resolving_retries_it()
    {
        var engine = new InMemoryEngine();
        engine.Deploy(Process("x", $"""
            <bpmn:startEvent id="start" />
            {Flow("f0", "start", "gw")}
            <bpmn:exclusiveGateway id="gw" default="f_default" />
            {Flow("f_big", "gw", "big", "=betrag > 1000")}
            {Flow("f_default", "gw", "other")}
            <bpmn:endEvent id="big" />
            <bpmn:endEvent id="other" />
            """));

        var instance = engine.Start("x");

        var incident = Assert.Single(instance.Elements).Incident!;
        Assert.Equal(IncidentErrorType.ExpressionEvaluation, incident.ErrorType);
        Assert.Contains("betrag > 1000", incident.Message, StringComparison.Ordinal);
        Assert.Contains("f_big", incident.Message, StringComparison.Ordinal);

        instance.Variables.Set("betrag", FeelValue.FromNumber(2000));
        instance = engine.ResolveIncident(instance.Key, incident.Key);

        Assert.Equal(InstanceStatus.Completed, instance.Status);
        Assert.Contains("+big", engine.Trail);
        Assert.Single(engine.Intents.OfType<IncidentResolved>());
    }

    [Fact]
    public void Timer_catch_event_waits_for_its_duration()
    {
        var engine = new InMemoryEngine();
        engine.Deploy(Process("t", $"""
            <bpmn:startEvent id="start" />
            {Flow("f0", "start", "wait")}
            {TimerCatch("wait", "PT10M")}
            {Flow("f1", "wait", "end")}
            <bpmn:endEvent id="end" />
            """));
        var startedAt = engine.Clock.GetUtcNow();

        var instance = engine.Start("t");

        var timer = Assert.Single(engine.Intents.OfType<TimerScheduled>());
        Assert.Equal(startedAt.AddMinutes(10), timer.DueAt);
        engine.Advance(TimeSpan.FromMinutes(9));
        Assert.Equal(InstanceStatus.Active, engine.Instance(instance.Key).Status);

        engine.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(InstanceStatus.Completed, engine.Instance(instance.Key).Status);
    }

    [Fact]
    public void Timer_duration_from_a_feel_expression()
    {
        var engine = new InMemoryEngine();
        engine.Deploy(Process("t", $"""
            <bpmn:startEvent id="start" />
            {Flow("f0", "start", "wait")}
            {TimerCatch("wait", "=frist")}
            {Flow("f1", "wait", "end")}
            <bpmn:endEvent id="end" />
            """));

        engine.Start("t", ("frist", "P14D"));

        Assert.Equal(engine.Clock.GetUtcNow().AddDays(14), Assert.Single(engine.Intents.OfType<TimerScheduled>()).DueAt);
    }

    [Fact]
    public void A_timer_expression_that_cannot_be_evaluated_raises_an_incident_on_its_element()
    {
        var engine = new InMemoryEngine();
        engine.Deploy(Process("t", $"""
            <bpmn:startEvent id="start" />
            {Flow("f0", "start", "wait")}
            {TimerCatch("wait", "=frist")}
            {Flow("f1", "wait", "end")}
            <bpmn:endEvent id="end" />
            """));

        var instance = engine.Start("t", ("frist", "morgen"));

        var element = Assert.Single(instance.Elements);
        Assert.Equal("wait", element.ElementId);
        Assert.NotNull(element.Incident);
        Assert.Empty(engine.Intents.OfType<TimerScheduled>());
    }

    [Fact]
    public void Firing_a_timer_twice_changes_nothing_the_second_time()
    {
        var engine = new InMemoryEngine();
        var process = engine.Deploy(Process("t", $"""
            <bpmn:startEvent id="start" />
            {Flow("f0", "start", "wait")}
            {TimerCatch("wait", "PT1M")}
            {Flow("f1", "wait", "task")}
            {UserTask("task")}
            {Flow("f2", "task", "end")}
            <bpmn:endEvent id="end" />
            """));
        var instance = engine.Start("t");
        var timerKey = Assert.Single(engine.Intents.OfType<TimerScheduled>()).TimerKey;

        var first = engine.Runtime.FireTimer(process, instance, timerKey);
        var second = engine.Runtime.FireTimer(process, first.Instance, timerKey);

        Assert.Single(first.Intents.OfType<UserTaskCreated>());
        Assert.Empty(second.Intents);
        Assert.Empty(second.Events);
    }

    [Fact]
    public void Service_task_without_inline_handler_waits_for_a_worker()
    {
        var engine = new InMemoryEngine();
        engine.Deploy(Process("s", $"""
            <bpmn:startEvent id="start" />
            {Flow("f0", "start", "send")}
            {ServiceTask("send", "e-mail", """<zeebe:taskHeaders><zeebe:header key="template" value="bestaetigung" /></zeebe:taskHeaders>""")}
            {Flow("f1", "send", "end")}
            <bpmn:endEvent id="end" />
            """));

        var instance = engine.Start("s");
        var job = Assert.Single(engine.OpenJobs(instance.Key));
        Assert.Equal("e-mail", job.Type);
        Assert.Equal(3, job.Retries);
        Assert.Equal([new KeyValuePair<string, string>("template", "bestaetigung")], job.CustomHeaders);

        instance = engine.CompleteJob(job.JobKey, ("versendet", true));
        Assert.Equal(InstanceStatus.Completed, instance.Status);
    }

    [Fact]
    public void A_job_that_fails_without_retries_raises_an_incident_and_resolving_creates_a_fresh_job()
    {
        var engine = new InMemoryEngine();
        engine.Deploy(Process("s", $"""
            <bpmn:startEvent id="start" />
            {Flow("f0", "start", "send")}
            {ServiceTask("send", "e-mail")}
            {Flow("f1", "send", "end")}
            <bpmn:endEvent id="end" />
            """));
        var instance = engine.Start("s");
        var job = Assert.Single(engine.OpenJobs(instance.Key));

        instance = engine.FailJob(job.JobKey, 0, "SMTP 550");

        var incident = Assert.Single(instance.Elements).Incident!;
        Assert.Equal(IncidentErrorType.JobNoRetries, incident.ErrorType);
        Assert.Contains("SMTP 550", incident.Message, StringComparison.Ordinal);

        instance = engine.ResolveIncident(instance.Key, incident.Key);
        var fresh = engine.OpenJobs(instance.Key).Single();
        Assert.NotEqual(job.JobKey, fresh.JobKey);
        Assert.Equal(InstanceStatus.Completed, engine.CompleteJob(fresh.JobKey).Status);
    }

    [Fact]
    public void An_inline_handler_that_throws_raises_an_incident_with_its_message()
    {
        var engine = new InMemoryEngine([new FailingHandler()]);
        engine.Deploy(Process("s", $"""
            <bpmn:startEvent id="start" />
            {Flow("f0", "start", "send")}
            {ServiceTask("send", "explode")}
            {Flow("f1", "send", "end")}
            <bpmn:endEvent id="end" />
            """));

        var instance = engine.Start("s");

        Assert.Contains("mail server refused", Assert.Single(instance.Elements).Incident!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Input_mappings_create_local_variables_and_output_mappings_shape_what_reaches_the_process()
    {
        var engine = new InMemoryEngine();
        engine.Deploy(Process("m", $"""
            <bpmn:startEvent id="start" />
            {Flow("f0", "start", "pruefen")}
            {UserTask("pruefen", extra: """
                <zeebe:ioMapping>
                  <zeebe:input source="=rechnung.betrag" target="betrag" />
                  <zeebe:output source="=ok" target="pruefung.ergebnis" />
                </zeebe:ioMapping>
                """)}
            {Flow("f1", "pruefen", "end")}
            <bpmn:endEvent id="end" />
            """));

        var instance = engine.Start("m", ("rechnung", new Dictionary<string, object> { ["betrag"] = 120 }));
        var element = Assert.Single(instance.Elements);
        Assert.True(element.Variables!.TryGetValue("betrag", out var local));
        Assert.Equal(FeelValue.FromNumber(120), local);
        Assert.False(instance.Variables.Contains("betrag"));

        instance = engine.CompleteTask(engine.SingleOpenTask(instance.Key).UserTaskKey, ("ok", true), ("intern", "x"));

        Assert.False(instance.Variables.Contains("ok"));
        Assert.False(instance.Variables.Contains("intern"));
        Assert.True(instance.Variables.TryGetValue("pruefung", out var pruefung));
        Assert.True(pruefung.TryGetContextEntry("ergebnis", out var ergebnis));
        Assert.Equal(FeelValue.True, ergebnis);
    }

    [Fact]
    public void Input_mapping_of_a_missing_variable_raises_an_incident()
    {
        var engine = new InMemoryEngine();
        engine.Deploy(Process("m", $"""
            <bpmn:startEvent id="start" />
            {Flow("f0", "start", "pruefen")}
            {UserTask("pruefen", extra: """<zeebe:ioMapping><zeebe:input source="=rechnung.betrag" target="betrag" /></zeebe:ioMapping>""")}
            {Flow("f1", "pruefen", "end")}
            <bpmn:endEvent id="end" />
            """));

        var instance = engine.Start("m");

        var element = Assert.Single(instance.Elements);
        Assert.Equal(IncidentErrorType.IoMapping, element.Incident!.ErrorType);
        Assert.Empty(engine.Intents.OfType<UserTaskCreated>());
    }

    [Fact]
    public void Assignment_and_candidates_may_be_feel_expressions()
    {
        var engine = new InMemoryEngine();
        engine.Deploy(Process("a", $"""
            <bpmn:startEvent id="start" />
            {Flow("f0", "start", "task")}
            <bpmn:userTask id="task" name="Prüfen">
              <bpmn:extensionElements>
                <zeebe:assignmentDefinition assignee="=sachbearbeiter" candidateGroups="=[amt, &quot;kasse&quot;]" />
                <zeebe:taskSchedule dueDate="=eingang" />
                <zeebe:priorityDefinition priority="=80" />
              </bpmn:extensionElements>
            </bpmn:userTask>
            {Flow("f1", "task", "end")}
            <bpmn:endEvent id="end" />
            """));

        var instance = engine.Start("a", ("sachbearbeiter", "erika"), ("amt", "ordnungsamt"), ("eingang", "2026-12-01T10:00:00+01:00"));

        var task = engine.SingleOpenTask(instance.Key);
        Assert.Equal("Prüfen", task.Name);
        Assert.Equal("erika", task.Assignee);
        Assert.Equal(["ordnungsamt", "kasse"], task.CandidateGroups);
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero), task.DueDate!.Value.ToUniversalTime());
        Assert.Equal(80, task.Priority);
    }

    [Fact]
    public void A_candidate_group_name_with_a_comma_is_an_incident_not_two_groups()
    {
        // The task list matches a clerk's groups in the task's comma-separated candidate list: "meldeamt,kasse" stored
        // as is would let every member of "meldeamt" see the task.
        var engine = new InMemoryEngine();
        engine.Deploy(Process("k", $"""
            <bpmn:startEvent id="start" />
            {Flow("f0", "start", "task")}
            <bpmn:userTask id="task" name="Prüfen">
              <bpmn:extensionElements>
                <zeebe:assignmentDefinition candidateGroups="=[amt]" />
              </bpmn:extensionElements>
            </bpmn:userTask>
            {Flow("f1", "task", "end")}
            <bpmn:endEvent id="end" />
            """));

        var instance = engine.Start("k", ("amt", "meldeamt,kasse"));

        Assert.True(instance.HasIncident);
        var raised = Assert.Single(engine.Intents.OfType<IncidentRaised>());
        Assert.Equal("task", raised.ElementId);
        Assert.Contains("must not contain commas", raised.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Cancelling_withdraws_tasks_and_timers_and_terminates_the_instance()
    {
        var engine = new InMemoryEngine();
        engine.Deploy(Process("c", $"""
            <bpmn:startEvent id="start" />
            {Flow("f0", "start", "split")}
            <bpmn:parallelGateway id="split" />
            {Flow("fa", "split", "task")}
            {Flow("fb", "split", "wait")}
            {UserTask("task")}
            {TimerCatch("wait", "P1D")}
            {Flow("fa2", "task", "end")}
            {Flow("fb2", "wait", "end")}
            <bpmn:endEvent id="end" />
            """));
        var instance = engine.Start("c");

        instance = engine.Cancel(instance.Key);

        Assert.Equal(InstanceStatus.Terminated, instance.Status);
        Assert.Empty(instance.Elements);
        Assert.Single(engine.Intents.OfType<UserTaskCanceled>());
        Assert.Single(engine.Intents.OfType<TimerCanceled>());
        Assert.Empty(engine.PendingTimers);
        Assert.Throws<EngineConflictException>(() => engine.Cancel(instance.Key));
    }

    [Fact]
    public void Journal_records_the_start_the_variables_and_the_completion()
    {
        var engine = new InMemoryEngine();
        engine.Deploy(SingleUserTask);

        var instance = engine.Start("usertask", ("antrag", "A-1"));
        engine.CompleteTask(engine.SingleOpenTask(instance.Key).UserTaskKey);

        var kinds = engine.Events.Select(e => e.Kind).ToList();
        Assert.Equal(JournalEventKind.InstanceStarted, kinds[0]);
        Assert.Contains(JournalEventKind.VariablesSet, kinds);
        Assert.Contains(JournalEventKind.UserTaskCreated, kinds);
        Assert.Contains(JournalEventKind.UserTaskCompleted, kinds);
        Assert.Equal(JournalEventKind.InstanceCompleted, kinds[^1]);
        Assert.Contains(engine.Events, e => e.Kind == JournalEventKind.VariablesSet && e.Detail!.Contains("A-1", StringComparison.Ordinal));
    }

    [Fact]
    public void State_survives_serialization_and_a_waiting_usertask_instance_stays_under_one_kilobyte()
    {
        var engine = new InMemoryEngine();
        engine.Deploy(SingleUserTask);
        var instance = engine.Start("usertask", ("antrag", "A-2026-000123"), ("betrag", 1234.56m));

        var bytes = InstanceStateSerializer.Serialize(instance);
        var restored = InstanceStateSerializer.Deserialize(bytes);

        Assert.True(bytes.Length <= 1024, $"state is {bytes.Length} bytes");
        Assert.Equal(instance.Key, restored.Key);
        Assert.Equal(instance.Status, restored.Status);
        var element = Assert.Single(restored.Elements);
        Assert.Equal(instance.Elements.Single().UserTaskKey, element.UserTaskKey);
        Assert.True(restored.Variables.TryGetValue("betrag", out var betrag));
        Assert.Equal(FeelValue.FromNumber(1234.56m), betrag);

        var task = engine.SingleOpenTask(instance.Key);
        var completed = engine.Runtime.CompleteUserTask(engine.Deploy(SingleUserTask), restored, task.UserTaskKey, null, CommandActor.User("erika"));
        Assert.Equal(InstanceStatus.Completed, completed.Instance.Status);
    }

    /// <summary>
    /// Regression: the children of a scope were terminated in descending key order, and keys made in one millisecond
    /// are in no order; it is creation order, newest first.
    /// </summary>
    [Fact]
    public void Cancelling_terminates_the_newest_token_first_whatever_the_keys()
    {
        var branches = new[] { "a", "b", "c", "d", "e", "f" };
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 12, 5, 8, 0, 0, TimeSpan.Zero));
        var engine = new InMemoryEngine(clock: clock, keys: new SnowflakeKeyGenerator(0, clock, [.. Enumerable.Range(0, 32).Select(i => (byte)(i * 7))]));
        engine.Deploy(Process("parallel", $"""
            <bpmn:startEvent id="start" />
            {Flow("f0", "start", "split")}
            <bpmn:parallelGateway id="split" />
            {string.Join('\n', branches.Select(b => Flow($"f_{b}", "split", b) + UserTask(b)))}
            """));
        var instance = engine.Start("parallel");

        engine.Cancel(instance.Key);

        Assert.Equal(branches.Reverse().Select(b => "x" + b), engine.Journal.Where(t => t.StartsWith('x')));
    }
}
