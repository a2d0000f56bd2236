using ProzessEngine.Core.Intents;
using ProzessEngine.Core.Journal;
using ProzessEngine.Core.Serialization;
using ProzessEngine.Core.State;
using ProzessEngine.Feel;
using ProzessEngine.Testing.Engine;
using ProzessEngine.Testing.Models;

namespace ProzessEngine.Core.Tests.Runtime;

/// <summary>
/// Engine:Limits: one command is bounded (activations, bytes of variables) and continues in a following command; an
/// instance that never comes to rest, holds too many tokens, runs a multi-instance over too many items or writes too
/// large a variable gets an incident. Commands are driven one by one here, with the state written and read back
/// between them as Persistence does, so that every command can be measured.
/// </summary>
public sealed class RunawayTests
{
    private static readonly CommandActor Tester = CommandActor.System("test");

    /// <summary>Runs continue-instance commands until the instance rests; the state goes through its JSON form in between.</summary>
    private static List<ExecutionResult> ContinueToRest(ProcessRuntime runtime, DeployedProcess process, ExecutionResult first,
        Action<int>? betweenCommands = null)
    {
        var results = new List<ExecutionResult> { first };
        while (results[^1].Intents.OfType<ContinuationRequested>().Any())
        {
            betweenCommands?.Invoke(results.Count);
            var stored = InstanceStateSerializer.Deserialize(InstanceStateSerializer.Serialize(results[^1].Instance));
            results.Add(runtime.ContinueInstance(process, stored));
        }

        return results;
    }

    private static int Activations(ExecutionResult result) => result.Events.Count(e => e.Kind == JournalEventKind.ElementActivated);

    private static FeelValue Variable(ProcessInstanceState instance, string name) =>
        instance.Variables.TryGetValue(name, out var value) ? value : throw new KeyNotFoundException(name);

    private static long Number(ProcessInstanceState instance, string name) =>
        Variable(instance, name).TryGetInt64(out var number) ? number : throw new InvalidOperationException($"{name} is no whole number");

    [Fact]
    public void A_script_loop_that_never_waits_ends_in_an_incident_after_bounded_commands_while_other_instances_are_served()
    {
        var limits = new EngineLimits { MaxActivationsPerCommand = 200, MaxActivationsWithoutWait = 10_000 };
        var engine = new InMemoryEngine(limits: limits, rejectStraightThroughLoops: false);
        var loop = engine.Deploy(RunawayModels.ScriptLoop("endlos", "true"));
        engine.Deploy(RunawayModels.Waiting("nebenbei"));
        ProcessInstanceState? other = null;

        var results = ContinueToRest(engine.Runtime, loop, engine.Runtime.StartInstance(loop, InMemoryEngine.ToFeel([("round", 0)]), Tester),
            betweenCommands: command =>
            {
                if (command == 10)
                {
                    other = engine.Start("nebenbei");
                    engine.CompleteTask(engine.SingleOpenTask(other.Key).UserTaskKey);
                }
            });

        Assert.Equal(10_000 / 200, results.Count);
        Assert.All(results, r =>
        {
            Assert.InRange(Activations(r), 1, 200);
            Assert.InRange(r.Instance.Elements.Count, 1, 2);
            Assert.InRange(InstanceStateSerializer.Serialize(r.Instance).Length, 1, 2_000);
        });
        var last = results[^1].Instance;
        var stopped = Assert.Single(last.Elements);
        Assert.NotNull(stopped.Incident);
        Assert.Equal(IncidentErrorType.LimitExceeded, stopped.Incident.ErrorType);
        Assert.Contains("10,000 element activations", stopped.Incident.Message, StringComparison.Ordinal);
        Assert.Contains("Engine:Limits:MaxActivationsWithoutWait", stopped.Incident.Message, StringComparison.Ordinal);
        Assert.Contains("loops without a wait state", stopped.Incident.Message, StringComparison.Ordinal);
        Assert.Null(last.Continuation);
        Assert.Equal(InstanceStatus.Completed, engine.Instance(other!.Key).Status);
    }

    [Fact]
    public void Resolving_the_incident_of_a_loop_that_never_waits_lets_it_run_on_for_another_round_of_the_limit()
    {
        var limits = new EngineLimits { MaxActivationsPerCommand = 500, MaxActivationsWithoutWait = 2_000 };
        var engine = new InMemoryEngine(limits: limits, rejectStraightThroughLoops: false, roundTripState: true);
        engine.Deploy(RunawayModels.ScriptLoop("endlos", "true"));
        var instance = engine.Start("endlos", ("round", 0));
        var roundsBefore = Number(instance, "round");
        var incident = instance.Elements.Single().Incident!;

        instance = engine.ResolveIncident(instance.Key, incident.Key);

        Assert.Equal(roundsBefore + 1_000, Number(instance, "round"));
        var again = Assert.Single(instance.Elements).Incident;
        Assert.NotNull(again);
        Assert.NotEqual(incident.Key, again.Key);
        Assert.Single(engine.Intents.OfType<IncidentResolved>());
    }

    [Fact]
    public void A_script_loop_of_50_000_rounds_completes_within_the_default_limits_in_bounded_commands()
    {
        var engine = new InMemoryEngine(rejectStraightThroughLoops: false);
        var loop = engine.Deploy(RunawayModels.ScriptLoop("zaehlen", "round < 50000"));

        var results = ContinueToRest(engine.Runtime, loop, engine.Runtime.StartInstance(loop, InMemoryEngine.ToFeel([("round", 0)]), Tester));

        var instance = results[^1].Instance;
        Assert.Equal(InstanceStatus.Completed, instance.Status);
        Assert.Equal(50_000, Number(instance, "round"));
        Assert.DoesNotContain(results.SelectMany(r => r.Events), e => e.Kind == JournalEventKind.IncidentRaised);
        Assert.All(results, r => Assert.InRange(Activations(r), 1, EngineLimits.Default.MaxActivationsPerCommand));
        Assert.Equal(100_003 / EngineLimits.Default.MaxActivationsPerCommand + 1, results.Count);
    }

    [Fact]
    public void A_multi_instance_over_more_items_than_the_limit_is_an_incident_naming_the_count_and_the_setting()
    {
        var engine = new InMemoryEngine(limits: new EngineLimits { MaxMultiInstanceItems = 1_000 });
        engine.Deploy(RunawayModels.MultiInstance("viele", sequential: false));

        var instance = engine.Start("viele", ("count", 1_001));

        var body = Assert.Single(instance.Elements);
        Assert.True(body.IsMultiInstanceBody);
        Assert.Equal(IncidentErrorType.LimitExceeded, body.Incident!.ErrorType);
        Assert.Contains("has 1,001 items", body.Incident.Message, StringComparison.Ordinal);
        Assert.Contains("Engine:Limits:MaxMultiInstanceItems (1,000)", body.Incident.Message, StringComparison.Ordinal);
        Assert.Equal(1, engine.Events.Count(e => e.Kind == JournalEventKind.ElementActivated && e.ElementId == "double"));
    }

    [Fact]
    public void A_multi_instance_over_millions_of_items_is_an_incident_without_one_inner_instance()
    {
        var engine = new InMemoryEngine();
        engine.Deploy(RunawayModels.MultiInstance("millionen", sequential: false));

        var instance = engine.Start("millionen", ("count", 3_000_000));

        // FEEL's step budget stops building the list; a list handed in as a variable is bounded by MaxVariablesBytes,
        // and anything between by MaxMultiInstanceItems.
        var body = Assert.Single(instance.Elements);
        Assert.NotNull(body.Incident);
        Assert.Contains("input collection", body.Incident.Message, StringComparison.Ordinal);
        Assert.Equal(1, engine.Events.Count(e => e.Kind == JournalEventKind.ElementActivated && e.ElementId == "double"));
        Assert.InRange(InstanceStateSerializer.Serialize(instance).Length, 1, 2_000);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_multi_instance_of_20_000_items_completes_in_bounded_batches_with_the_right_output_collection(bool sequential)
    {
        const int Items = 20_000;
        var engine = new InMemoryEngine();
        var process = engine.Deploy(RunawayModels.MultiInstance("viele", sequential));

        var results = ContinueToRest(engine.Runtime, process, engine.Runtime.StartInstance(process, InMemoryEngine.ToFeel([("count", Items)]), Tester));

        var perCommand = EngineLimits.Default.MaxActivationsPerCommand;
        Assert.All(results, r =>
        {
            // Inner instances are created a batch ahead of their activation.
            Assert.InRange(Activations(r), 1, perCommand + MultiInstanceBodyBehaviorBatch);
            Assert.InRange(r.Instance.Elements.Count, 0, (2 * MultiInstanceBodyBehaviorBatch) + 2);
        });
        Assert.InRange(results.Count, Items / perCommand, (Items / perCommand) + 2);
        var instance = results[^1].Instance;
        Assert.Equal(InstanceStatus.Completed, instance.Status);
        var collected = Variable(instance, "results").AsList();
        Assert.Equal(Items, collected.Count);
        Assert.All(Enumerable.Range(0, Items), i => Assert.Equal(FeelValue.FromNumber((i + 1) * 2), collected[i]));

        // The output collection is handed on once, when the body completes, not written on every inner completion.
        Assert.Single(results.SelectMany(r => r.Events), e => e.Kind == JournalEventKind.VariablesSet && e.Detail!.StartsWith("{\"results\"", StringComparison.Ordinal));
    }

    private const int MultiInstanceBodyBehaviorBatch = 100;

    [Fact]
    public void Cancelling_an_instance_between_continuations_stops_it()
    {
        var engine = new InMemoryEngine(limits: new EngineLimits { MaxActivationsPerCommand = 50 }, rejectStraightThroughLoops: false);
        var loop = engine.Deploy(RunawayModels.ScriptLoop("endlos", "true"));
        var first = engine.Runtime.StartInstance(loop, InMemoryEngine.ToFeel([("round", 0)]), Tester);
        Assert.Single(first.Intents.OfType<ContinuationRequested>());
        Assert.NotNull(first.Instance.Continuation);

        var canceled = engine.Runtime.Cancel(loop, first.Instance, CommandActor.User("admin"));
        var roundsAtCancel = Number(canceled.Instance, "round");
        var continued = engine.Runtime.ContinueInstance(loop, canceled.Instance);

        Assert.Equal(InstanceStatus.Terminated, canceled.Instance.Status);
        Assert.Null(canceled.Instance.Continuation);
        Assert.Empty(canceled.Intents.OfType<ContinuationRequested>());
        Assert.Empty(continued.Events);
        Assert.Empty(continued.Intents);
        Assert.Equal(roundsAtCancel, Number(continued.Instance, "round"));
    }

    [Fact]
    public void A_loop_that_creates_a_token_each_round_is_stopped_at_the_element_instance_limit()
    {
        var engine = new InMemoryEngine(limits: new EngineLimits { MaxElementInstances = 300 }, rejectStraightThroughLoops: false);
        engine.Deploy(RunawayModels.ForkLoop("gabelung"));

        var instance = engine.Start("gabelung");

        Assert.InRange(instance.Elements.Count, 300, 302);
        var stopped = Assert.Single(instance.Elements, e => e.Incident is not null);
        Assert.Equal(IncidentErrorType.LimitExceeded, stopped.Incident!.ErrorType);
        Assert.Contains("Engine:Limits:MaxElementInstances", stopped.Incident.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(instance.Elements, e => e.Incident is null && e.State != ElementState.Waiting);
    }

    [Fact]
    public void A_variable_larger_than_the_limit_is_an_incident_on_the_element_that_writes_it_naming_the_variable_its_size_and_the_setting()
    {
        var engine = new InMemoryEngine(limits: new EngineLimits { MaxVariablesBytes = 10_000 });
        engine.Deploy(RunawayModels.LargeVariable("gross"));

        var instance = engine.Start("gross", ("size", 1_000));

        var grow = Assert.Single(instance.Elements);
        Assert.Equal("grow", grow.ElementId);
        Assert.Equal(IncidentErrorType.LimitExceeded, grow.Incident!.ErrorType);
        Assert.Contains("'big'", grow.Incident.Message, StringComparison.Ordinal);
        Assert.Contains("13,001 bytes", grow.Incident.Message, StringComparison.Ordinal);
        Assert.Contains("Engine:Limits:MaxVariablesBytes (10,000 bytes)", grow.Incident.Message, StringComparison.Ordinal);
        Assert.False(instance.Variables.Contains("big"));
    }

    [Fact]
    public void A_variable_larger_than_the_limit_handed_to_a_command_refuses_the_command_naming_the_variable()
    {
        var engine = new InMemoryEngine(limits: new EngineLimits { MaxVariablesBytes = 10_000 });
        engine.Deploy(RunawayModels.Waiting("warten"));
        var instance = engine.Start("warten");
        var task = engine.SingleOpenTask(instance.Key);
        var tooLarge = ("anlage", (object?)new string('x', 20_000));

        var refused = Assert.Throws<VariableTooLargeException>(() => engine.CompleteTask(task.UserTaskKey, tooLarge));
        var refusedStart = Assert.Throws<VariableTooLargeException>(() => engine.Start("warten", tooLarge));

        Assert.Equal("anlage", refused.VariableName);
        Assert.Contains("20,002 bytes", refused.Message, StringComparison.Ordinal);
        Assert.Equal("anlage", refusedStart.VariableName);
        Assert.Equal(ElementState.Waiting, engine.Instance(instance.Key).Elements.Single().State);
    }

    [Fact]
    public void A_command_that_writes_many_bytes_of_variables_leaves_the_rest_to_a_following_command()
    {
        var limits = new EngineLimits { MaxVariablesBytesPerCommand = 50_000 };
        var engine = new InMemoryEngine(limits: limits, rejectStraightThroughLoops: false);
        var process = engine.Deploy(RunawayModels.MultiInstance("viele", sequential: true).Replace("=item * 2", "=for i in 1..1000 return item", StringComparison.Ordinal));

        var results = ContinueToRest(engine.Runtime, process, engine.Runtime.StartInstance(process, InMemoryEngine.ToFeel([("count", 200)]), Tester));

        Assert.True(results.Count > 2);
        Assert.Contains("Engine:Limits:MaxVariablesBytesPerCommand", results[0].Events.Single(e => e.Kind == JournalEventKind.ContinuationScheduled).Detail,
            StringComparison.Ordinal);
        Assert.Equal(InstanceStatus.Completed, results[^1].Instance.Status);
        Assert.Equal(200, Variable(results[^1].Instance, "results").AsList().Count);
    }

    [Fact]
    public void A_trigger_left_pending_by_a_command_travels_in_the_state_to_the_continuation()
    {
        // The message starts a non-interrupting event sub-process; with a budget of one activation the command stops
        // after activating the event sub-process, before its start event took over the message's variables.
        var engine = new InMemoryEngine(limits: new EngineLimits { MaxActivationsPerCommand = 1 }, roundTripState: true);
        engine.Deploy($$"""
            <?xml version="1.0" encoding="UTF-8"?>
            <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="t">
              <bpmn:message id="m" name="nachreichung"><bpmn:extensionElements><zeebe:subscription correlationKey="=antrag" /></bpmn:extensionElements></bpmn:message>
              <bpmn:process id="antrag" isExecutable="true">
                <bpmn:startEvent id="start" />
                <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="pruefen" />
                <bpmn:userTask id="pruefen" />
                <bpmn:sequenceFlow id="f2" sourceRef="pruefen" targetRef="end" />
                <bpmn:endEvent id="end" />
                <bpmn:subProcess id="nachgereicht" triggeredByEvent="true">
                  <bpmn:startEvent id="eingang" isInterrupting="false"><bpmn:messageEventDefinition messageRef="m" /></bpmn:startEvent>
                  <bpmn:sequenceFlow id="e1" sourceRef="eingang" targetRef="ablegen" />
                  <bpmn:userTask id="ablegen" />
                </bpmn:subProcess>
              </bpmn:process>
            </bpmn:definitions>
            """);
        var instance = engine.Start("antrag", ("antrag", "A-7"));

        engine.PublishMessage("nachreichung", "A-7", default, ("unterlage", "Grundriss"));

        instance = engine.Instance(instance.Key);
        Assert.Equal(FeelValue.FromString("Grundriss"), Variable(instance, "unterlage"));
        Assert.Contains(engine.AllOpenTasks(), t => t.ElementId == "ablegen");
        Assert.True(engine.Events.Count(e => e.Kind == JournalEventKind.ContinuationScheduled) >= 2);
        Assert.Null(instance.Continuation);
    }

    [Fact]
    public void The_same_commands_on_the_same_state_continue_the_same_way_whether_the_state_is_kept_or_stored()
    {
        string Journal(bool stored)
        {
            var engine = new InMemoryEngine(limits: new EngineLimits { MaxActivationsPerCommand = 7, MaxActivationsWithoutWait = 500 },
                rejectStraightThroughLoops: false, roundTripState: stored);
            engine.Deploy(RunawayModels.ScriptLoop("endlos", "round < 1000"));
            engine.Deploy(RunawayModels.MultiInstance("viele", sequential: false));
            engine.Start("endlos", ("round", 0));
            engine.Start("viele", ("count", 250));
            return string.Join('\n', engine.Events.Select(e => $"{e.Kind} {e.ElementId} {e.ElementInstanceKey} {e.Detail}"));
        }

        Assert.Equal(Journal(stored: false), Journal(stored: true));
    }
}
