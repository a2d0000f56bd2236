using ProzessEngine.Core.Intents;
using ProzessEngine.Core.Serialization;
using ProzessEngine.Core.State;
using ProzessEngine.Testing.Engine;
using ProzessEngine.Testing.Models;

namespace ProzessEngine.Core.Tests.Runtime;

/// <summary>
/// Instances that start or trigger one another are bounded (Engine:Limits:MaxCallDepth, MaxSignalDeliveriesPerCommand):
/// a process that calls or signals itself stops with an incident naming the limit instead of running without end, a
/// process that restarts itself after a wait runs on, and the signals of one command reach a bounded number of receivers.
/// </summary>
public sealed class InstanceChainTests
{
    private static IncidentRaised SingleLimitIncident(InMemoryEngine engine) =>
        Assert.Single(engine.Intents.OfType<IncidentRaised>(), i => i.ErrorType == nameof(IncidentErrorType.LimitExceeded));

    [Fact]
    public void A_process_that_calls_itself_ran_without_end_and_now_stops_at_the_call_depth_limit_with_an_incident()
    {
        var engine = new InMemoryEngine(roundTripState: true);
        engine.Deploy(ChainModels.CallsItself("rekursion"));

        var root = engine.Start("rekursion");

        // Depths 0 to 10: the call activity of the instance at depth 10 would start one at depth 11.
        Assert.Equal(EngineLimits.Default.MaxCallDepth + 1, engine.Instances.Count);
        Assert.All(engine.Instances, i => Assert.Equal(InstanceStatus.Active, i.Status));
        var incident = SingleLimitIncident(engine);
        Assert.Equal("selbst", incident.ElementId);
        Assert.Contains("Engine:Limits:MaxCallDepth (10)", incident.Message, StringComparison.Ordinal);
        Assert.Contains("Calling 'rekursion'", incident.Message, StringComparison.Ordinal);
        var deepest = engine.Instances.Single(i => i.Elements.Any(e => e.Incident is not null));
        Assert.Equal(EngineLimits.Default.MaxCallDepth, deepest.Depth);
        Assert.Equal(0, engine.Instance(root.Key).Depth);
    }

    [Fact]
    public void Cancelling_the_root_of_a_process_that_calls_itself_cancels_every_instance_it_called()
    {
        var engine = new InMemoryEngine();
        engine.Deploy(ChainModels.CallsItself("rekursion"));
        var root = engine.Start("rekursion");

        engine.Cancel(root.Key);

        Assert.Equal(EngineLimits.Default.MaxCallDepth + 1, engine.Instances.Count);
        Assert.All(engine.Instances, i => Assert.Equal(InstanceStatus.Terminated, i.Status));
    }

    [Fact]
    public void A_signal_start_event_that_throws_its_own_signal_ran_without_end_and_now_stops_at_the_depth_limit()
    {
        var engine = new InMemoryEngine(limits: new EngineLimits { MaxCallDepth = 4 });
        engine.Deploy(ChainModels.SignalsItself("weitersagen", "Weitersagen"));

        engine.BroadcastSignal("Weitersagen");

        // The broadcast from outside starts depth 0; each instance's throw starts the next one deeper, up to 4.
        Assert.Equal(5, engine.Instances.Count);
        Assert.Equal([0, 1, 2, 3, 4], engine.Instances.Select(i => i.Depth).Order());
        Assert.Equal(4, engine.Instances.Count(i => i.Status == InstanceStatus.Completed));
        var incident = SingleLimitIncident(engine);
        Assert.Equal("weitersagen", incident.ElementId);
        Assert.Contains("The signal 'Weitersagen'", incident.Message, StringComparison.Ordinal);
        Assert.Contains("Engine:Limits:MaxCallDepth (4)", incident.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_waiting_instances_that_answer_each_others_messages_stop_at_the_depth_limit()
    {
        var engine = new InMemoryEngine(limits: new EngineLimits { MaxCallDepth = 6 });
        engine.Deploy(ChainModels.AnswersMessages("ping", "Ping", "Pong"));
        engine.Deploy(ChainModels.AnswersMessages("pong", "Pong", "Ping"));
        engine.Start("ping", ("fall", "F-1"));
        engine.Start("pong", ("fall", "F-1"));

        engine.PublishMessage("Ping", "F-1");

        // The message from outside is depth 0; the answers are depths 1 to 6, and the one at depth 7 is not thrown.
        Assert.Equal([1, 2, 3, 4, 5, 6], engine.Intents.OfType<MessagePublishRequested>().Select(m => m.Depth));
        var incident = SingleLimitIncident(engine);
        Assert.Equal("antworten", incident.ElementId);
        Assert.Contains("The message 'Pong'", incident.Message, StringComparison.Ordinal);
        Assert.All(engine.Instances, i => Assert.Equal(InstanceStatus.Active, i.Status));
    }

    [Fact]
    public void A_process_that_restarts_itself_after_a_wait_runs_on_at_depth_one_however_many_rounds()
    {
        var engine = new InMemoryEngine(limits: new EngineLimits { MaxCallDepth = 2 });
        engine.Deploy(ChainModels.RestartsItselfAfterAnHour("wiedervorlage", "Wiedervorlage"));
        engine.PublishMessage("Wiedervorlage", null);

        for (var round = 0; round < 12; round++)
        {
            engine.Advance(TimeSpan.FromHours(1));
        }

        // The timer's command starts a chain afresh: each new instance is one deeper than that command, never deeper.
        Assert.Equal(13, engine.Instances.Count);
        Assert.Empty(engine.Intents.OfType<IncidentRaised>());
        Assert.All(engine.Instances, i => Assert.InRange(i.Depth, 0, 1));
        Assert.Single(engine.Instances, i => i.Status == InstanceStatus.Active);
    }

    [Fact]
    public void The_depth_of_a_command_travels_with_its_continuation()
    {
        var engine = new InMemoryEngine(limits: new EngineLimits { MaxActivationsPerCommand = 1 });
        var process = engine.Deploy(ChainModels.SignalsItself("weitersagen", "Weitersagen"));

        var started = engine.Runtime.StartInstanceAt(process, "start", null, CommandActor.Engine, depth: 3);
        Assert.Single(started.Intents.OfType<ContinuationRequested>());
        var stored = InstanceStateSerializer.Deserialize(InstanceStateSerializer.Serialize(started.Instance));
        var continued = engine.Runtime.ContinueInstance(process, stored);

        Assert.Equal(3, stored.Depth);
        Assert.Equal(4, Assert.Single(continued.Intents.OfType<SignalBroadcastRequested>()).Depth);
    }

    [Fact]
    public void A_signal_throw_that_would_reach_more_receivers_than_the_limit_is_an_incident_and_reaches_nobody()
    {
        var engine = new InMemoryEngine(limits: new EngineLimits { MaxSignalDeliveriesPerCommand = 4 });
        engine.Deploy(ChainModels.WaitsForSignal("wartet", "Stichtag"));
        engine.Deploy(ChainModels.ThrowsSignalTwice("ruft", "Stichtag"));
        var waiting = Enumerable.Range(0, 5).Select(_ => engine.Start("wartet").Key).ToList();

        var thrower = engine.Start("ruft");

        var incident = SingleLimitIncident(engine);
        Assert.Equal("erstes", incident.ElementId);
        Assert.Equal("The signal 'Stichtag' would reach at least 5 receivers, more than Engine:Limits:MaxSignalDeliveriesPerCommand (4) allows; it was not broadcast.",
            incident.Message);
        Assert.Empty(engine.Intents.OfType<SignalBroadcastRequested>());
        Assert.All(waiting, key => Assert.Equal(InstanceStatus.Active, engine.Instance(key).Status));
        Assert.Equal(InstanceStatus.Active, engine.Instance(thrower.Key).Status);
    }

    [Fact]
    public void The_signals_of_one_command_count_together_against_the_limit()
    {
        var engine = new InMemoryEngine(limits: new EngineLimits { MaxSignalDeliveriesPerCommand = 8 });
        engine.Deploy(ChainModels.WaitsForSignal("wartet", "Stichtag"));
        engine.Deploy(ChainModels.ThrowsSignalTwice("ruft", "Stichtag"));
        var waiting = Enumerable.Range(0, 5).Select(_ => engine.Start("wartet").Key).ToList();

        engine.Start("ruft");

        // The first throw reaches 5; the second would reach 5 more, 10 in one command.
        var incident = SingleLimitIncident(engine);
        Assert.Equal("zweites", incident.ElementId);
        Assert.Contains("with the 5 reached by signals this command threw before", incident.Message, StringComparison.Ordinal);
        Assert.Single(engine.Intents.OfType<SignalBroadcastRequested>());
        Assert.All(waiting, key => Assert.Equal(InstanceStatus.Completed, engine.Instance(key).Status));
    }

    [Fact]
    public void A_broadcast_from_outside_that_would_reach_more_receivers_than_the_limit_is_refused_and_reaches_nobody()
    {
        var engine = new InMemoryEngine(limits: new EngineLimits { MaxSignalDeliveriesPerCommand = 2 });
        engine.Deploy(ChainModels.WaitsForSignal("wartet", "Stichtag"));
        var waiting = Enumerable.Range(0, 3).Select(_ => engine.Start("wartet").Key).ToList();

        var refused = Assert.Throws<EngineConflictException>(() => engine.BroadcastSignal("Stichtag"));

        Assert.Contains("Engine:Limits:MaxSignalDeliveriesPerCommand (2)", refused.Message, StringComparison.Ordinal);
        Assert.All(waiting, key => Assert.Equal(InstanceStatus.Active, engine.Instance(key).Status));
    }

    [Fact]
    public void A_limit_that_is_not_positive_is_a_configuration_error_naming_it()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new EngineLimits { MaxCallDepth = 0 }.Validate());
        Assert.Contains("Engine:Limits:MaxCallDepth", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => new EngineLimits { MaxSignalDeliveriesPerCommand = -1 }.Validate());
    }
}
