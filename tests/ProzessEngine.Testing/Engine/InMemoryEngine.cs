using Microsoft.Extensions.Time.Testing;
using ProzessEngine.Bpmn;
using ProzessEngine.Core;
using ProzessEngine.Core.Intents;
using ProzessEngine.Core.Journal;
using ProzessEngine.Core.State;
using ProzessEngine.Feel;

namespace ProzessEngine.Testing.Engine;

/// <summary>
/// The runtime with nothing around it: models parsed from text, instances kept in memory, timers fired by advancing a
/// fake clock. Records every intent and journal event for assertions.
/// </summary>
public sealed class InMemoryEngine
{
    private readonly Dictionary<string, DeployedProcess> _processes = new(StringComparer.Ordinal);
    private readonly Dictionary<long, ProcessInstanceState> _instances = [];
    private readonly Dictionary<long, (long InstanceKey, DateTimeOffset DueAt)> _timers = [];
    private readonly Dictionary<long, long> _taskInstances = [];
    private readonly Dictionary<long, long> _jobInstances = [];

    public InMemoryEngine(IEnumerable<IInlineJobHandler>? handlers = null, FakeTimeProvider? clock = null)
    {
        Clock = clock ?? new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero));
        Feel = new FeelEngine(new FeelEngineOptions { Clock = Clock });
        Parser = new BpmnParser(Feel);
        Runtime = new ProcessRuntime(new RuntimeServices(Clock, new SequentialKeyGenerator(), handlers));
    }

    public FakeTimeProvider Clock { get; }
    public FeelEngine Feel { get; }
    public BpmnParser Parser { get; }
    public ProcessRuntime Runtime { get; }
    public List<EngineIntent> Intents { get; } = [];
    public List<JournalEvent> Events { get; } = [];
    public IReadOnlyDictionary<long, (long InstanceKey, DateTimeOffset DueAt)> PendingTimers => _timers;

    public DeployedProcess Deploy(string xml, int version = 1)
    {
        var result = Parser.Parse(xml);
        if (!result.Success)
        {
            throw new InvalidOperationException("Model does not parse: " + string.Join("; ", result.Errors));
        }

        var model = result.Processes[0];
        var process = new DeployedProcess(_processes.Count + 1000, model.Id, version, "<default>", model);
        _processes[model.Id] = process;
        return process;
    }

    public ProcessInstanceState Start(string processId, params (string Name, object? Value)[] variables)
    {
        var result = Runtime.StartInstance(_processes[processId], ToFeel(variables), CommandActor.System("test"));
        return Absorb(result);
    }

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

    public ProcessInstanceState FailJob(long jobKey, int retriesLeft, string message)
    {
        var instance = _instances[_jobInstances[jobKey]];
        return Absorb(Runtime.FailJob(ProcessOf(instance), instance, jobKey, retriesLeft, message, CommandActor.System("worker")));
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

    /// <summary>Moves the clock and fires every timer that is then due, in due order.</summary>
    public void Advance(TimeSpan by)
    {
        Clock.Advance(by);
        foreach (var (timerKey, (instanceKey, _)) in _timers.Where(t => t.Value.DueAt <= Clock.GetUtcNow()).OrderBy(t => t.Value.DueAt).ToList())
        {
            _timers.Remove(timerKey);
            var instance = _instances[instanceKey];
            Absorb(Runtime.FireTimer(ProcessOf(instance), instance, timerKey));
        }
    }

    public IEnumerable<UserTaskCreated> OpenTasks(long instanceKey) =>
        Intents.OfType<UserTaskCreated>().Where(t => _taskInstances.TryGetValue(t.UserTaskKey, out var owner) && owner == instanceKey);

    public UserTaskCreated SingleOpenTask(long instanceKey) => OpenTasks(instanceKey).Single();

    public IEnumerable<JobCreated> OpenJobs(long instanceKey) =>
        Intents.OfType<JobCreated>().Where(j => _jobInstances.TryGetValue(j.JobKey, out var owner) && owner == instanceKey);

    /// <summary>The element ids activated and completed, in order, as "+id" and "-id".</summary>
    public IEnumerable<string> Trail => Events
        .Where(e => e.Kind is JournalEventKind.ElementActivated or JournalEventKind.ElementCompleted)
        .Select(e => (e.Kind == JournalEventKind.ElementActivated ? "+" : "-") + e.ElementId);

    public static IReadOnlyList<KeyValuePair<string, FeelValue>> ToFeel((string Name, object? Value)[] variables) =>
        [.. variables.Select(v => new KeyValuePair<string, FeelValue>(v.Name, FeelJson.FromJson(System.Text.Json.JsonSerializer.Serialize(v.Value))))];

    private DeployedProcess ProcessOf(ProcessInstanceState instance) => _processes[instance.ProcessId];

    private ProcessInstanceState Absorb(ExecutionResult result)
    {
        _instances[result.Instance.Key] = result.Instance;
        Intents.AddRange(result.Intents);
        Events.AddRange(result.Events);
        foreach (var intent in result.Intents)
        {
            switch (intent)
            {
                case UserTaskCreated task:
                    _taskInstances[task.UserTaskKey] = result.Instance.Key;
                    break;
                case UserTaskCompleted completedTask:
                    _taskInstances.Remove(completedTask.UserTaskKey);
                    break;
                case UserTaskCanceled canceledTask:
                    _taskInstances.Remove(canceledTask.UserTaskKey);
                    break;
                case JobCreated job:
                    _jobInstances[job.JobKey] = result.Instance.Key;
                    break;
                case JobCompleted completed:
                    _jobInstances.Remove(completed.JobKey);
                    break;
                case JobCanceled canceled:
                    _jobInstances.Remove(canceled.JobKey);
                    break;
                case TimerScheduled timer:
                    _timers[timer.TimerKey] = (result.Instance.Key, timer.DueAt);
                    break;
                case TimerCanceled canceledTimer:
                    _timers.Remove(canceledTimer.TimerKey);
                    break;
            }
        }

        return result.Instance;
    }
}
