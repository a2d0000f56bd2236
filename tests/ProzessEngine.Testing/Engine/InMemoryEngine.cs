using Microsoft.Extensions.Time.Testing;
using ProzessEngine.Bpmn;
using ProzessEngine.Bpmn.Model;
using ProzessEngine.Core;
using ProzessEngine.Core.Calendar;
using ProzessEngine.Core.Intents;
using ProzessEngine.Core.Journal;
using ProzessEngine.Core.Serialization;
using ProzessEngine.Core.State;
using ProzessEngine.Feel;

namespace ProzessEngine.Testing.Engine;

/// <summary>
/// The runtime with nothing around it: models parsed from text, instances kept in memory, timers fired by advancing a
/// fake clock. It plays Persistence's part for everything that crosses instances (call activities, messages with
/// buffering, signal broadcasts, errors and escalations handed to a caller, start events) and records every intent
/// and journal event for assertions. Follow-up commands run in the order their intents were produced.
/// </summary>
public sealed class InMemoryEngine
{
    private readonly List<DeployedProcess> _deployed = [];
    private readonly Dictionary<long, string> _xmlByKey = [];
    private readonly Dictionary<long, int> _deploymentOf = [];
    private readonly Dictionary<long, ProcessInstanceState> _instances = [];
    private readonly Dictionary<long, (long InstanceKey, DateTimeOffset DueAt)> _timers = [];
    private readonly List<(DeployedProcess Process, StartTimerSchedule Schedule)> _startTimers = [];
    private readonly Dictionary<long, long> _taskInstances = [];
    private readonly Dictionary<long, long> _jobInstances = [];
    private readonly SortedDictionary<long, (long InstanceKey, string Name, string CorrelationKey)> _messageSubscriptions = [];
    private readonly SortedDictionary<long, (long InstanceKey, string Name)> _signalSubscriptions = [];
    private readonly List<BufferedMessage> _buffer = [];
    private readonly Queue<Action> _followUps = new();
    private int _deployments;
    private bool _draining;

    private readonly bool _roundTripState;

    /// <param name="roundTripState">Serializes and reads back every instance's state after each command, as Persistence does.</param>
    /// <param name="forms">The deployed forms user tasks resolve their linked forms against; null counts every form as deployed.</param>
    public InMemoryEngine(IEnumerable<IInlineJobHandler>? handlers = null, FakeTimeProvider? clock = null, BusinessCalendarRegistry? calendars = null,
        bool roundTripState = false, IFormCatalog? forms = null)
    {
        _roundTripState = roundTripState;
        Clock = clock ?? new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero));
        var registry = calendars ?? RuntimeServices.DefaultCalendars;
        Feel = new FeelEngine(new FeelEngineOptions { Clock = Clock });
        Parser = new BpmnParser(Feel, new BpmnParserOptions { KnownCalendarIds = registry.Ids });
        Runtime = new ProcessRuntime(new RuntimeServices(Clock, new SequentialKeyGenerator(), handlers, calendars: registry, forms: forms));
    }

    public FakeTimeProvider Clock { get; }
    public FeelEngine Feel { get; }
    public BpmnParser Parser { get; }
    public ProcessRuntime Runtime { get; }
    public List<EngineIntent> Intents { get; } = [];
    public List<JournalEvent> Events { get; } = [];
    public IReadOnlyDictionary<long, (long InstanceKey, DateTimeOffset DueAt)> PendingTimers => _timers;
    public IReadOnlyList<(DeployedProcess Process, StartTimerSchedule Schedule)> PendingStartTimers => _startTimers;
    public IReadOnlyCollection<ProcessInstanceState> Instances => _instances.Values;

    /// <summary>Messages published without a receiver yet, waiting for their time to live.</summary>
    public int BufferedMessageCount => _buffer.Count(m => m.ExpiresAt > Clock.GetUtcNow());

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

    public ProcessInstanceState CompleteTask(long userTaskKey, params (string Name, object? Value)[] variables)
    {
        var instance = _instances[_taskInstances[userTaskKey]];
        return Absorb(Runtime.CompleteUserTask(ProcessOf(instance), instance, userTaskKey, ToFeel(variables), CommandActor.User("erika")));
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

    public ProcessInstanceState UpdateTask(long userTaskKey, params (string Attribute, object? Value)[] changes)
    {
        var instance = _instances[_taskInstances[userTaskKey]];
        return Absorb(Runtime.UpdateUserTask(ProcessOf(instance), instance, userTaskKey, ToFeel(changes), null, CommandActor.User("admin")));
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
        Publish(name, correlationKey, ToFeel(variables), timeToLive);
        Drain();
    }

    public void BroadcastSignal(string name, params (string Name, object? Value)[] variables)
    {
        Broadcast(name, ToFeel(variables));
        Drain();
    }

    /// <summary>Starts an instance at every conditional start event (of the latest versions) whose condition holds for the variables.</summary>
    public IReadOnlyList<ProcessInstanceState> EvaluateConditionalStarts(params (string Name, object? Value)[] variables)
    {
        var feelVariables = ToFeel(variables);
        var started = new List<ProcessInstanceState>();
        foreach (var process in LatestVersions())
        {
            foreach (var startEvent in ProcessRuntime.ConditionalStartEventsMatching(process, feelVariables))
            {
                started.Add(Absorb(Runtime.StartInstanceAt(process, startEvent, feelVariables, CommandActor.System("test"))));
            }
        }

        return started;
    }

    /// <summary>Moves the clock and fires every timer (start timers included) that is then due, in due order.</summary>
    public void Advance(TimeSpan by)
    {
        Clock.Advance(by);
        var now = Clock.GetUtcNow();
        while (true)
        {
            var timer = _timers.Where(t => t.Value.DueAt <= now).OrderBy(t => t.Value.DueAt).ThenBy(t => t.Key).Select(t => (long?)t.Key).FirstOrDefault();
            var startTimer = _startTimers.Where(t => t.Schedule.DueAt <= now).OrderBy(t => t.Schedule.DueAt).FirstOrDefault();
            var startDue = startTimer.Schedule is not null;
            if (timer is null && !startDue)
            {
                return;
            }

            if (timer is { } key && (!startDue || _timers[key].DueAt <= startTimer.Schedule!.DueAt))
            {
                var instance = _instances[_timers[key].InstanceKey];
                _timers.Remove(key);
                Absorb(Runtime.FireTimer(ProcessOf(instance), instance, key));
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
                    _messageSubscriptions[opened.SubscriptionKey] = (instanceKey, opened.MessageName, opened.CorrelationKey);
                    _followUps.Enqueue(() => CorrelateBuffered(opened.SubscriptionKey));
                    break;
                case MessageSubscriptionClosed closed:
                    _messageSubscriptions.Remove(closed.SubscriptionKey);
                    break;
                case MessagePublishRequested publish:
                    _followUps.Enqueue(() => Publish(publish.MessageName, publish.CorrelationKey, publish.Variables, publish.TimeToLive));
                    break;
                case SignalSubscriptionOpened signalOpened:
                    _signalSubscriptions[signalOpened.SubscriptionKey] = (instanceKey, signalOpened.SignalName);
                    break;
                case SignalSubscriptionClosed signalClosed:
                    _signalSubscriptions.Remove(signalClosed.SubscriptionKey);
                    break;
                case SignalBroadcastRequested broadcast:
                    _followUps.Enqueue(() => Broadcast(broadcast.SignalName, broadcast.Variables));
                    break;
                case ChildInstanceRequested request:
                    _followUps.Enqueue(() => StartChild(instanceKey, request));
                    break;
                case ChildInstanceCancelRequested cancel:
                    _followUps.Enqueue(() => CancelChild(cancel.ChildInstanceKey));
                    break;
                case ChildInstanceCompleted completedChild:
                    _followUps.Enqueue(() => OnParent(completedChild.ParentInstanceKey,
                        (process, parent) => Runtime.CompleteCallActivity(process, parent, completedChild.CallActivityInstanceKey, completedChild.Variables, CommandActor.Engine)));
                    break;
                case ErrorPropagatedToParent error:
                    _followUps.Enqueue(() => OnParent(error.ParentInstanceKey,
                        (process, parent) => Runtime.ThrowErrorFromChild(process, parent, error.CallActivityInstanceKey, error.ErrorCode, error.ErrorMessage, error.Variables, CommandActor.Engine)));
                    break;
                case EscalationPropagatedToParent escalation:
                    _followUps.Enqueue(() => OnParent(escalation.ParentInstanceKey,
                        (process, parent) => Runtime.EscalateFromChild(process, parent, escalation.CallActivityInstanceKey, escalation.EscalationCode, escalation.Variables, CommandActor.Engine)));
                    break;
            }
        }
    }

    private void OnParent(long parentKey, Func<DeployedProcess, ProcessInstanceState, ExecutionResult> command)
    {
        if (_instances.TryGetValue(parentKey, out var parent) && parent.Status == InstanceStatus.Active)
        {
            Apply(command(ProcessOf(parent), parent));
        }
    }

    private void StartChild(long parentKey, ChildInstanceRequested request)
    {
        var parent = _instances[parentKey];
        var caller = ProcessOf(parent);
        var called = request.Binding switch
        {
            CallBinding.Deployment => _deployed.LastOrDefault(p => p.ProcessId == request.CalledProcessId && _deploymentOf[p.Key] == _deploymentOf[caller.Key]),
            CallBinding.VersionTag => _deployed.LastOrDefault(p => p.ProcessId == request.CalledProcessId && p.Model.VersionTag == request.VersionTag),
            _ => Latest(request.CalledProcessId),
        };
        if (called is null || !ProcessRuntime.CanBeCalled(called))
        {
            var reason = called is null
                ? $"No process '{request.CalledProcessId}' is deployed{(request.Binding == CallBinding.Latest ? "" : $" for binding {request.Binding}")}."
                : $"Process '{request.CalledProcessId}' has no none start event and cannot be called.";
            Apply(Runtime.FailCallActivity(caller, parent, request.ElementInstanceKey, reason, CommandActor.Engine));
            return;
        }

        Apply(Runtime.StartChildInstance(called, request, CommandActor.Engine));
    }

    private void CancelChild(long childKey)
    {
        if (_instances.TryGetValue(childKey, out var child) && child.Status == InstanceStatus.Active)
        {
            Apply(Runtime.Cancel(ProcessOf(child), child, CommandActor.Engine));
        }
    }

    private void Publish(string name, string? correlationKey, IReadOnlyList<KeyValuePair<string, FeelValue>> variables, TimeSpan timeToLive)
    {
        // Camunda 8: a message correlates at most once per process (id), to a waiting subscription or a message start event.
        var reached = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, subscription) in _messageSubscriptions.ToList())
        {
            if (subscription.Name != name || subscription.CorrelationKey != correlationKey || !_instances.TryGetValue(subscription.InstanceKey, out var instance)
                || reached.Contains(instance.ProcessId) || !_messageSubscriptions.ContainsKey(key))
            {
                continue;
            }

            var result = Runtime.CorrelateMessage(ProcessOf(instance), instance, key, variables, CommandActor.System("publisher"));
            Apply(result);
            if (result.Intents.OfType<MessageCorrelated>().Any())
            {
                reached.Add(instance.ProcessId);
            }
        }

        foreach (var process in LatestVersions())
        {
            if (reached.Contains(process.ProcessId))
            {
                continue;
            }

            foreach (var start in ProcessRuntime.MessageStartEventsOf(process).Where(s => s.MessageName == name).Take(1))
            {
                Apply(Runtime.StartInstanceAt(process, start.ElementId, variables, CommandActor.System("publisher")));
                reached.Add(process.ProcessId);
            }
        }

        if (reached.Count == 0 && timeToLive > TimeSpan.Zero)
        {
            _buffer.Add(new BufferedMessage(name, correlationKey, variables, Clock.GetUtcNow() + timeToLive));
        }
    }

    private void CorrelateBuffered(long subscriptionKey)
    {
        if (!_messageSubscriptions.TryGetValue(subscriptionKey, out var subscription))
        {
            return;
        }

        var now = Clock.GetUtcNow();
        var message = _buffer.FirstOrDefault(m => m.Name == subscription.Name && m.CorrelationKey == subscription.CorrelationKey && m.ExpiresAt > now);
        if (message is null)
        {
            return;
        }

        var instance = _instances[subscription.InstanceKey];
        var result = Runtime.CorrelateMessage(ProcessOf(instance), instance, subscriptionKey, message.Variables, CommandActor.System("publisher"));
        Apply(result);
        if (result.Intents.OfType<MessageCorrelated>().Any())
        {
            _buffer.Remove(message);
        }
    }

    private void Broadcast(string name, IReadOnlyList<KeyValuePair<string, FeelValue>> variables)
    {
        foreach (var (key, subscription) in _signalSubscriptions.ToList())
        {
            if (subscription.Name == name && _signalSubscriptions.ContainsKey(key) && _instances.TryGetValue(subscription.InstanceKey, out var instance))
            {
                Apply(Runtime.TriggerSignal(ProcessOf(instance), instance, key, variables, CommandActor.System("broadcast")));
            }
        }

        foreach (var process in LatestVersions())
        {
            foreach (var start in ProcessRuntime.SignalStartEventsOf(process).Where(s => s.SignalName == name))
            {
                Apply(Runtime.StartInstanceAt(process, start.ElementId, variables, CommandActor.System("broadcast")));
            }
        }
    }

    private sealed record BufferedMessage(string Name, string? CorrelationKey, IReadOnlyList<KeyValuePair<string, FeelValue>> Variables, DateTimeOffset ExpiresAt);
}
