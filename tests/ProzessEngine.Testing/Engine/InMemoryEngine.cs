using Microsoft.Extensions.Time.Testing;
using ProzessEngine.Bpmn;
using ProzessEngine.Bpmn.Model;
using ProzessEngine.Core;
using ProzessEngine.Core.Calendar;
using ProzessEngine.Core.Calendar.Functions;
using ProzessEngine.Core.Intents;
using ProzessEngine.Core.Journal;
using ProzessEngine.Core.Routing;
using ProzessEngine.Core.Serialization;
using ProzessEngine.Core.State;
using ProzessEngine.Feel;

namespace ProzessEngine.Testing.Engine;

/// <summary>
/// The runtime with nothing around it: models parsed from text, instances kept in memory, timers fired by advancing a
/// fake clock. It plays Persistence's part for everything that crosses instances (call activities, messages with
/// buffering, signal broadcasts, errors and escalations handed to a caller, start events) with the same routing rules
/// (ProzessEngine.Core.Routing), so that comparing the two compares storage, and records every intent and journal event
/// for assertions. Follow-up commands run in the order their intents were produced.
/// </summary>
public sealed class InMemoryEngine
{
    private readonly List<DeployedProcess> _deployed = [];
    private readonly Dictionary<long, string> _xmlByKey = [];
    private readonly Dictionary<long, int> _deploymentOf = [];
    private readonly Dictionary<long, ProcessInstanceState> _instances = [];
    private readonly List<long> _startOrder = [];
    private readonly Dictionary<long, (long InstanceKey, DateTimeOffset DueAt)> _timers = [];
    private readonly List<(DeployedProcess Process, StartTimerSchedule Schedule)> _startTimers = [];
    private readonly Dictionary<long, long> _taskInstances = [];
    private readonly Dictionary<long, long> _jobInstances = [];
    private readonly SortedDictionary<long, WaitingMessageSubscription> _messageSubscriptions = [];
    private readonly SortedDictionary<long, WaitingSignalSubscription> _signalSubscriptions = [];
    private readonly List<(BufferedMessage Message, IReadOnlyList<KeyValuePair<string, FeelValue>> Variables)> _buffer = [];
    private readonly Dictionary<string, TakenMessageId> _takenIds = new(StringComparer.Ordinal);
    private long _bufferedKeys;
    private readonly Queue<Action> _followUps = new();
    private int _deployments;
    private bool _draining;

    private readonly bool _roundTripState;

    /// <param name="roundTripState">Serializes and reads back every instance's state after each command, as Persistence does.</param>
    /// <param name="forms">The deployed forms user tasks resolve their linked forms against; null counts every form as deployed.</param>
    /// <param name="limits">Engine:Limits for the runtime; the defaults when null.</param>
    /// <param name="rejectStraightThroughLoops">False deploys models with loops that never wait, as if deployed before the check existed.</param>
    /// <param name="keys">The keys; 1, 2, 3, ... when null.</param>
    /// <param name="decisions">The deployed decisions business rule tasks call; a catalog of the engine's own when null (<see cref="Decisions"/>).</param>
    public InMemoryEngine(IEnumerable<IInlineJobHandler>? handlers = null, FakeTimeProvider? clock = null, BusinessCalendarRegistry? calendars = null,
        bool roundTripState = false, IFormCatalog? forms = null, EngineLimits? limits = null, bool rejectStraightThroughLoops = true,
        IKeyGenerator? keys = null, InMemoryDecisionCatalog? decisions = null)
    {
        Decisions = decisions ?? new InMemoryDecisionCatalog();
        _roundTripState = roundTripState;
        Clock = clock ?? new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero));
        var registry = calendars ?? RuntimeServices.DefaultCalendars;
        Feel = new FeelEngine(new FeelEngineOptions { Clock = Clock, Functions = CalendarFunctions.For(registry, RuntimeServices.GermanTime) });
        Parser = new BpmnParser(Feel, new BpmnParserOptions { KnownCalendarIds = registry.Ids, RejectStraightThroughLoops = rejectStraightThroughLoops });
        Runtime = new ProcessRuntime(new RuntimeServices(Clock, keys ?? new SequentialKeyGenerator(), handlers, calendars: registry, forms: forms, limits: limits,
            signalAudience: new Audience(this), decisions: Decisions));
    }

    /// <summary>The deployed decisions (<see cref="DeployDecisions"/>).</summary>
    public InMemoryDecisionCatalog Decisions { get; }

    /// <summary>Deploys a DMN file: a new version of its graph and decisions when its text changed.</summary>
    public IReadOnlyList<DeployedDecision> DeployDecisions(string xml) => Decisions.Deploy(xml);

    public FakeTimeProvider Clock { get; }
    public FeelEngine Feel { get; }
    public BpmnParser Parser { get; }
    public ProcessRuntime Runtime { get; }
    public List<EngineIntent> Intents { get; } = [];
    public List<JournalEvent> Events { get; } = [];
    public IReadOnlyDictionary<long, (long InstanceKey, DateTimeOffset DueAt)> PendingTimers => _timers;
    public IReadOnlyList<(DeployedProcess Process, StartTimerSchedule Schedule)> PendingStartTimers => _startTimers;
    /// <summary>Every instance, in the order they were started.</summary>
    public IReadOnlyCollection<ProcessInstanceState> Instances => [.. _startOrder.Select(key => _instances[key])];

    /// <summary>Messages published without a receiver yet, waiting for their time to live.</summary>
    public int BufferedMessageCount => _buffer.Count(m => m.Message.IsLiveAt(Clock.GetUtcNow()));

    // ---------------------------------------------------------------- deployment

    /// <summary>Deploys every process of the file (a new version when its XML changed) and returns the first.</summary>
    public DeployedProcess Deploy(string xml) => DeployAll(xml)[0];

    public IReadOnlyList<DeployedProcess> DeployAll(string xml)
    {
        var result = Parser.Parse(xml);
        if (!result.Success)
        {
            throw new InvalidOperationException("Model does not parse: " + string.Join("; ", result.Errors));
        }

        var deployment = ++_deployments;
        var deployed = new List<DeployedProcess>();
        foreach (var model in result.Processes)
        {
            var latest = Latest(model.Id);
            if (latest is not null && _xmlByKey[latest.Key] == xml)
            {
                deployed.Add(latest);
                continue;
            }

            var process = new DeployedProcess(1000 + _deployed.Count, model.Id, (latest?.Version ?? 0) + 1, "<default>", model);
            _deployed.Add(process);
            _xmlByKey[process.Key] = xml;
            _deploymentOf[process.Key] = deployment;
            _startTimers.RemoveAll(t => t.Process.ProcessId == model.Id);
            foreach (var schedule in Runtime.StartTimersOf(process))
            {
                _startTimers.Add((process, schedule));
            }

            deployed.Add(process);
        }

        return deployed;
    }

    public DeployedProcess? Latest(string processId) => _deployed.LastOrDefault(p => p.ProcessId == processId);

    // ---------------------------------------------------------------- commands

    public ProcessInstanceState Start(string processId, params (string Name, object? Value)[] variables) =>
        Absorb(Runtime.StartInstance(LatestOrThrow(processId), ToFeel(variables), CommandActor.System("test")));

    public ProcessInstanceState StartAt(string processId, string startEventId, params (string Name, object? Value)[] variables) =>
        Absorb(Runtime.StartInstanceAt(LatestOrThrow(processId), startEventId, ToFeel(variables), CommandActor.System("test")));

    public ProcessInstanceState Instance(long key) => _instances[key];

    public ProcessInstanceState CompleteTask(long userTaskKey, params (string Name, object? Value)[] variables) =>
        CompleteTaskAs(userTaskKey, CommandActor.User("erika"), variables);

    public ProcessInstanceState CompleteTaskAs(long userTaskKey, CommandActor actor, params (string Name, object? Value)[] variables)
    {
        var instance = _instances[_taskInstances[userTaskKey]];
        return Absorb(Runtime.CompleteUserTask(ProcessOf(instance), instance, userTaskKey, ToFeel(variables), actor));
    }

    public ProcessInstanceState CompleteJob(long jobKey, params (string Name, object? Value)[] variables)
    {
        var instance = _instances[_jobInstances[jobKey]];
        return Absorb(Runtime.CompleteJob(ProcessOf(instance), instance, jobKey, ToFeel(variables), CommandActor.System("worker")));
    }

    /// <summary>Completes a job with a worker's result (a task listener's decision, an ad-hoc sub-process's next step).</summary>
    public ProcessInstanceState CompleteJob(long jobKey, JobResult? result, params (string Name, object? Value)[] variables)
    {
        var instance = _instances[_jobInstances[jobKey]];
        return Absorb(Runtime.CompleteJob(ProcessOf(instance), instance, jobKey, ToFeel(variables), CommandActor.System("worker"), result));
    }

    /// <summary>The open job of this type (listener jobs are addressed by type: their element may hold several in turn).</summary>
    public JobCreated OpenJobOfType(string type) => AllOpenJobs().Single(j => j.Type == type);

    /// <summary>Assigns a task as the API does for a task with assigning listeners (null: unassigns it).</summary>
    public ProcessInstanceState AssignTask(long userTaskKey, string? assignee, string? action = null)
    {
        var instance = _instances[_taskInstances[userTaskKey]];
        return Absorb(Runtime.AssignUserTask(ProcessOf(instance), instance, userTaskKey, assignee, action, CommandActor.User("erika")));
    }

    public ProcessInstanceState UpdateTask(long userTaskKey, params (string Attribute, object? Value)[] changes) =>
        UpdateTaskKnowing([], userTaskKey, changes);

    /// <summary>Updates a task as the API does, handing the runtime the attributes as stored before (for the journal).</summary>
    public ProcessInstanceState UpdateTaskKnowing((string Attribute, object? Value)[] previous, long userTaskKey, params (string Attribute, object? Value)[] changes)
    {
        var instance = _instances[_taskInstances[userTaskKey]];
        return Absorb(Runtime.UpdateUserTask(ProcessOf(instance), instance, userTaskKey, ToFeel(changes), null, CommandActor.User("admin"),
            previous.Length == 0 ? null : ToFeel(previous)));
    }

    public ProcessInstanceState FailJob(long jobKey, int retriesLeft, string message)
    {
        var instance = _instances[_jobInstances[jobKey]];
        return Absorb(Runtime.FailJob(ProcessOf(instance), instance, jobKey, retriesLeft, message, CommandActor.System("worker")));
    }

    public ProcessInstanceState ThrowJobError(long jobKey, string errorCode, string? errorMessage = null, params (string Name, object? Value)[] variables)
    {
        var instance = _instances[_jobInstances[jobKey]];
        return Absorb(Runtime.ThrowJobError(ProcessOf(instance), instance, jobKey, errorCode, errorMessage, ToFeel(variables), CommandActor.System("worker")));
    }

    public ProcessInstanceState ResolveIncident(long instanceKey, long incidentKey)
    {
        var instance = _instances[instanceKey];
        return Absorb(Runtime.ResolveIncident(ProcessOf(instance), instance, incidentKey, CommandActor.User("admin")));
    }

    public ProcessInstanceState Cancel(long instanceKey)
    {
        var instance = _instances[instanceKey];
        return Absorb(Runtime.Cancel(ProcessOf(instance), instance, CommandActor.User("admin")));
    }

    public ProcessInstanceState SetVariables(long instanceKey, long? elementInstanceKey, bool local, params (string Name, object? Value)[] variables)
    {
        var instance = _instances[instanceKey];
        return Absorb(Runtime.SetVariables(ProcessOf(instance), instance, elementInstanceKey, ToFeel(variables), local, CommandActor.User("admin")));
    }

    public ProcessInstanceState ActivateAdHocElements(long instanceKey, long adHocElementInstanceKey, params string[] elementIds)
    {
        var instance = _instances[instanceKey];
        return Absorb(Runtime.ActivateAdHocElements(ProcessOf(instance), instance, adHocElementInstanceKey, elementIds, CommandActor.User("admin")));
    }

    /// <summary>Publishes a message as the API does: correlates it or starts instances, else buffers it for <paramref name="timeToLive"/>.</summary>
    public void PublishMessage(string name, string? correlationKey, TimeSpan timeToLive = default, params (string Name, object? Value)[] variables)
    {
        Publish(new PublishedMessage(name, correlationKey ?? "", null, timeToLive), ToFeel(variables));
        Drain();
    }

    /// <summary>Publishes a message with an id: refused as a conflict while a message with that id lives (within its time to live), as the API does.</summary>
    public void PublishMessage(string name, string? correlationKey, string messageId, TimeSpan timeToLive, params (string Name, object? Value)[] variables)
    {
        Publish(new PublishedMessage(name, correlationKey ?? "", messageId, timeToLive), ToFeel(variables), refuseDuplicate: true);
        Drain();
    }

    /// <summary>Broadcasts a signal as the API does: refused when it would reach more than Engine:Limits:MaxSignalDeliveriesPerCommand.</summary>
    public void BroadcastSignal(string name, params (string Name, object? Value)[] variables)
    {
        SignalRouting.RequireWithinLimit(name, SignalRouting.Route(name, _signalSubscriptions.Values, LatestVersions()).Count, Runtime.Services.Limits);
        Broadcast(name, ToFeel(variables));
        Drain();
    }

    /// <summary>Starts an instance at every conditional start event (of the latest versions) whose condition holds for the variables.</summary>
    public IReadOnlyList<ProcessInstanceState> EvaluateConditionalStarts(params (string Name, object? Value)[] variables)
    {
        var feelVariables = ToFeel(variables);
        return [.. StartEventRouting.ConditionalStarts(LatestVersions(), feelVariables, null)
            .Select(start => Absorb(start.Start(Runtime, feelVariables, CommandActor.System("test"))))];
    }

    /// <summary>
    /// Moves the clock on and fires every timer (start timers included) that comes due on the way, in due order, each at
    /// its due time, as a running node does: a repeating timer fires at every occurrence.
    /// </summary>
    public void Advance(TimeSpan by)
    {
        var target = Clock.GetUtcNow() + by;
        FireDue(target, onTime: true);
        if (Clock.GetUtcNow() < target)
        {
            Clock.Advance(target - Clock.GetUtcNow());
        }
    }

    /// <summary>
    /// Fires every timer due now, at the current time, as a node does that comes back after being down: a repeating
    /// timer fires once for the occurrences it missed.
    /// </summary>
    public void FireOverdue() => FireDue(Clock.GetUtcNow(), onTime: false);

    private void FireDue(DateTimeOffset upTo, bool onTime)
    {
        while (true)
        {
            var timer = _timers.Where(t => t.Value.DueAt <= upTo).OrderBy(t => t.Value.DueAt).ThenBy(t => t.Key).Select(t => (long?)t.Key).FirstOrDefault();
            var startTimer = _startTimers.Where(t => t.Schedule.DueAt <= upTo).OrderBy(t => t.Schedule.DueAt).FirstOrDefault();
            var startDue = startTimer.Schedule is not null;
            if (timer is null && !startDue)
            {
                return;
            }

            var fireTimer = timer is { } key && (!startDue || _timers[key].DueAt <= startTimer.Schedule!.DueAt);
            var dueAt = fireTimer ? _timers[timer!.Value].DueAt : startTimer.Schedule!.DueAt;
            if (onTime && dueAt > Clock.GetUtcNow())
            {
                Clock.Advance(dueAt - Clock.GetUtcNow());
            }

            if (fireTimer)
            {
                var instance = _instances[_timers[timer!.Value].InstanceKey];
                _timers.Remove(timer.Value);
                Absorb(Runtime.FireTimer(ProcessOf(instance), instance, timer.Value));
            }
            else
            {
                _startTimers.Remove(startTimer);
                var firing = Runtime.FireStartTimer(startTimer.Process, startTimer.Schedule!, CommandActor.Engine);
                if (firing.Next is { } next)
                {
                    _startTimers.Add((startTimer.Process, next));
                }

                Absorb(firing.Result);
            }
        }
    }

    // ---------------------------------------------------------------- queries

    public IEnumerable<UserTaskCreated> OpenTasks(long instanceKey) =>
        Intents.OfType<UserTaskCreated>().Where(t => _taskInstances.TryGetValue(t.UserTaskKey, out var owner) && owner == instanceKey);

    public IEnumerable<UserTaskCreated> AllOpenTasks() => Intents.OfType<UserTaskCreated>().Where(t => _taskInstances.ContainsKey(t.UserTaskKey));

    public UserTaskCreated SingleOpenTask(long instanceKey) => OpenTasks(instanceKey).Single();

    public IEnumerable<JobCreated> OpenJobs(long instanceKey) =>
        Intents.OfType<JobCreated>().Where(j => _jobInstances.TryGetValue(j.JobKey, out var owner) && owner == instanceKey);

    public IEnumerable<JobCreated> AllOpenJobs() => Intents.OfType<JobCreated>().Where(j => _jobInstances.ContainsKey(j.JobKey));

    /// <summary>The element ids activated and completed, in order, as "+id" and "-id".</summary>
    public IEnumerable<string> Trail => Events
        .Where(e => e.Kind is JournalEventKind.ElementActivated or JournalEventKind.ElementCompleted)
        .Select(e => (e.Kind == JournalEventKind.ElementActivated ? "+" : "-") + e.ElementId);

    /// <summary>Like <see cref="Trail"/>, with terminated elements as "x" + id.</summary>
    public IEnumerable<string> Journal => Events
        .Where(e => e.Kind is JournalEventKind.ElementActivated or JournalEventKind.ElementCompleted or JournalEventKind.ElementTerminated)
        .Select(e => e.Kind switch
        {
            JournalEventKind.ElementActivated => "+",
            JournalEventKind.ElementCompleted => "-",
            _ => "x",
        } + e.ElementId);

    public static IReadOnlyList<KeyValuePair<string, FeelValue>> ToFeel((string Name, object? Value)[] variables) =>
        [.. variables.Select(v => new KeyValuePair<string, FeelValue>(v.Name, FeelJson.FromJson(System.Text.Json.JsonSerializer.Serialize(v.Value))))];

    // ---------------------------------------------------------------- routing (Persistence's part)

    private DeployedProcess ProcessOf(ProcessInstanceState instance) => _deployed.Single(p => p.Key == instance.DefinitionKey);

    private DeployedProcess LatestOrThrow(string processId) =>
        Latest(processId) ?? throw new InvalidOperationException($"Process '{processId}' is not deployed.");

    private IEnumerable<DeployedProcess> LatestVersions() =>
        _deployed.GroupBy(p => p.ProcessId).Select(g => g.Last());

    private ProcessInstanceState Absorb(ExecutionResult result)
    {
        Apply(result);
        Drain();
        return _instances[result.Instance.Key];
    }

    private void Drain()
    {
        if (_draining)
        {
            return;
        }

        _draining = true;
        try
        {
            while (_followUps.TryDequeue(out var followUp))
            {
                followUp();
            }
        }
        finally
        {
            _draining = false;
        }
    }

    private void Apply(ExecutionResult result)
    {
        var instanceKey = result.Instance.Key;
        if (!_instances.ContainsKey(instanceKey))
        {
            _startOrder.Add(instanceKey);
        }

        _instances[instanceKey] = _roundTripState
            ? InstanceStateSerializer.Deserialize(InstanceStateSerializer.Serialize(result.Instance))
            : result.Instance;
        Intents.AddRange(result.Intents);
        Events.AddRange(result.Events);
        foreach (var intent in result.Intents)
        {
            switch (intent)
            {
                case UserTaskCreated task:
                    _taskInstances[task.UserTaskKey] = instanceKey;
                    break;
                case UserTaskCompleted completedTask:
                    _taskInstances.Remove(completedTask.UserTaskKey);
                    break;
                case UserTaskCanceled canceledTask:
                    _taskInstances.Remove(canceledTask.UserTaskKey);
                    break;
                case JobCreated job:
                    _jobInstances[job.JobKey] = instanceKey;
                    break;
                case JobCompleted completed:
                    _jobInstances.Remove(completed.JobKey);
                    break;
                case JobCanceled canceled:
                    _jobInstances.Remove(canceled.JobKey);
                    break;
                case JobErrorThrown thrown:
                    _jobInstances.Remove(thrown.JobKey);
                    break;
                case TimerScheduled timer:
                    _timers[timer.TimerKey] = (instanceKey, timer.DueAt);
                    break;
                case TimerCanceled canceledTimer:
                    _timers.Remove(canceledTimer.TimerKey);
                    break;
                case TimerFired firedTimer:
                    _timers.Remove(firedTimer.TimerKey);
                    break;
                case MessageSubscriptionOpened opened:
                    _messageSubscriptions[opened.SubscriptionKey] =
                        new WaitingMessageSubscription(opened.SubscriptionKey, instanceKey, result.Instance.ProcessId, opened.MessageName, opened.CorrelationKey);
                    _followUps.Enqueue(() => CorrelateBuffered(opened.SubscriptionKey));
                    break;
                case MessageSubscriptionClosed closed:
                    _messageSubscriptions.Remove(closed.SubscriptionKey);
                    break;
                case MessageCorrelated correlated when _messageSubscriptions.ContainsKey(correlated.SubscriptionKey):
                    // Only a non-interrupting subscription stays open after it received a message.
                    if (result.Instance.FindSubscription(correlated.SubscriptionKey) is null)
                    {
                        _messageSubscriptions.Remove(correlated.SubscriptionKey);
                    }

                    break;
                case MessagePublishRequested publish:
                    _followUps.Enqueue(() => Publish(
                        new PublishedMessage(publish.MessageName, publish.CorrelationKey ?? "", publish.MessageId, publish.TimeToLive), publish.Variables,
                        depth: publish.Depth));
                    break;
                case SignalSubscriptionOpened signalOpened:
                    _signalSubscriptions[signalOpened.SubscriptionKey] =
                        new WaitingSignalSubscription(signalOpened.SubscriptionKey, instanceKey, signalOpened.SignalName);
                    break;
                case SignalSubscriptionClosed signalClosed:
                    _signalSubscriptions.Remove(signalClosed.SubscriptionKey);
                    break;
                case SignalBroadcastRequested broadcast:
                    _followUps.Enqueue(() => Broadcast(broadcast.SignalName, broadcast.Variables, broadcast.Depth));
                    break;
                case ChildInstanceRequested request:
                    _followUps.Enqueue(() => StartChild(instanceKey, request));
                    break;
                case ChildInstanceCancelRequested or ChildInstanceCompleted or ErrorPropagatedToParent or EscalationPropagatedToParent:
                    var work = ParentChildWork.From(intent)!;
                    _followUps.Enqueue(() => OnOtherInstance(work));
                    break;
                case ContinuationRequested continuation:
                    // Persistence writes a continue-instance outbox row in the command's transaction and runs it after commit.
                    _followUps.Enqueue(() => Continue(continuation.ElementInstanceKey));
                    break;
            }
        }
    }

    /// <summary>A child's answer to its parent, or a parent's cancellation of its child; an instance that has ended takes nothing.</summary>
    private void Continue(long instanceKey)
    {
        if (_instances.TryGetValue(instanceKey, out var instance))
        {
            Apply(Runtime.ContinueInstance(ProcessOf(instance), instance));
        }
    }

    private void OnOtherInstance(ParentChildWork work)
    {
        if (_instances.TryGetValue(work.TargetInstanceKey, out var target) && work.ApplyTo(Runtime, ProcessOf(target), target) is { } result)
        {
            Apply(result);
        }
    }

    private void StartChild(long parentKey, ChildInstanceRequested request)
    {
        var parent = _instances[parentKey];
        if (!CallActivityRouting.ParentWaitsFor(parent, request))
        {
            return;
        }

        var caller = ProcessOf(parent);
        var versions = Enumerable.Reverse(_deployed).Where(p => request.Binding != CallBinding.Deployment || _deploymentOf[p.Key] == _deploymentOf[caller.Key]);
        var called = CallActivityRouting.Resolve(request, versions);
        if (called.Process is { } process)
        {
            Apply(CallActivityRouting.StartChild(Runtime, process, request));
        }
        else if (CallActivityRouting.FailCall(Runtime, caller, parent, request, called.Problem!) is { } failed)
        {
            Apply(failed);
        }
    }

    private void Publish(PublishedMessage message, IReadOnlyList<KeyValuePair<string, FeelValue>> variables, bool refuseDuplicate = false, int depth = 0,
        bool again = false)
    {
        var now = Clock.GetUtcNow();
        IReadOnlyList<TakenMessageId> taken = message.MessageId is { } id && _takenIds.TryGetValue(id, out var holder) ? [holder] : [];
        var route = MessageRouting.Route(message, _messageSubscriptions.Values, LatestVersions(), taken, now, mayBuffer: true, again);
        if (route.Duplicate)
        {
            if (refuseDuplicate)
            {
                throw new EngineConflictException(MessageRouting.DuplicateProblem(message.MessageId!, taken, now));
            }

            return;
        }

        var key = ++_bufferedKeys;
        if (route.TakesId)
        {
            _takenIds[message.MessageId!] = new TakenMessageId(message.MessageId!, key, MessageRouting.ExpiresAt(message, now));
        }

        if (route.Buffer)
        {
            _buffer.Add((new BufferedMessage(key, message.Name, message.CorrelationKey, message.MessageId, now,
                MessageRouting.ExpiresAt(message, now), depth), variables));
        }

        foreach (var delivery in route.Deliveries)
        {
            if (delivery is DeliveryToStartEvent start)
            {
                Apply(start.Start(Runtime, variables, CommandActor.Engine, depth: depth));
                continue;
            }

            var to = (DeliveryToSubscription)delivery;
            var result = _instances.TryGetValue(to.ProcessInstanceKey, out var instance)
                ? MessageRouting.Deliver(Runtime, ProcessOf(instance), instance, to.SubscriptionKey, variables, depth)
                : null;
            if (result is not null)
            {
                Apply(result);
            }

            if (MessageRouting.AfterDelivery(result) == DeliveryOutcome.Republish)
            {
                _messageSubscriptions.Remove(to.SubscriptionKey);
                Publish(message, variables, depth: depth, again: true);
            }
        }
    }

    private void CorrelateBuffered(long subscriptionKey)
    {
        if (!_messageSubscriptions.TryGetValue(subscriptionKey, out var subscription)
            || MessageRouting.MatchBuffered(subscription.MessageName, subscription.CorrelationKey, _buffer.Select(b => b.Message), Clock.GetUtcNow())
                is not { } match)
        {
            return;
        }

        var buffered = _buffer.Single(b => b.Message == match);
        var instance = _instances[subscription.ProcessInstanceKey];
        if (MessageRouting.Deliver(Runtime, ProcessOf(instance), instance, subscriptionKey, buffered.Variables, buffered.Message.Depth) is not { } result)
        {
            return;
        }

        Apply(result);
        if (MessageRouting.Correlated(result))
        {
            _buffer.Remove(buffered);
        }
    }

    private void Broadcast(string name, IReadOnlyList<KeyValuePair<string, FeelValue>> variables, int depth = 0)
    {
        foreach (var delivery in SignalRouting.Route(name, _signalSubscriptions.Values, LatestVersions()))
        {
            if (delivery is DeliveryToStartEvent start)
            {
                Apply(start.Start(Runtime, variables, CommandActor.Engine, depth: depth));
            }
            else if (delivery is DeliveryToSubscription to && _instances.TryGetValue(to.ProcessInstanceKey, out var instance)
                && SignalRouting.Deliver(Runtime, ProcessOf(instance), instance, to.SubscriptionKey, variables, depth) is { } result)
            {
                Apply(result);
            }
        }
    }

    /// <summary>Counts a signal's receivers as Persistence's audience does: waiting subscriptions and signal start events of the latest versions.</summary>
    private sealed class Audience(InMemoryEngine engine) : ISignalAudience
    {
        public int CountUpTo(string tenantId, string signalName, int atMost) =>
            Math.Min(atMost, SignalRouting.Route(signalName, engine._signalSubscriptions.Values, engine.LatestVersions()).Count);
    }
}
