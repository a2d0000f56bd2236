using System.Globalization;
using ProzessEngine.Bpmn.Model;
using ProzessEngine.Core.Behaviors;
using ProzessEngine.Core.Intents;
using ProzessEngine.Core.Journal;
using ProzessEngine.Core.State;
using ProzessEngine.Feel;

namespace ProzessEngine.Core.Execution;

/// <summary>
/// What bounds one command (Engine:Limits): its budget of activations and written variable bytes, after which it
/// commits and a following command continues; the guard against loops that never wait; the room for element
/// instances; the size of one variable. Work left over is not kept anywhere but in the state: elements in
/// Activating or Completing without incident (with the trigger they carry) and parallel multi-instance bodies with
/// items still to start. Join tokens are in the state anyway, and conditions have been evaluated when a command stops.
/// </summary>
internal sealed partial class CommandExecution
{
    private long _activations;
    private long _activationsAtStart;
    private readonly bool _continuationWasPending;
    private bool _resuming;
    private long _variableBytes;
    private List<ElementInstance>? _changedOutputs;
    private int _signalDeliveries;
    private readonly int _continuedDepth;

    public EngineLimits Limits => Services.Limits;

    /// <summary>For a <c>continue-instance</c> command: queues the work a previous command left over, oldest element first.</summary>
    public void ResumePendingWork()
    {
        _resuming = true;
        Depth = _continuedDepth;
        if (Instance.Status != InstanceStatus.Active)
        {
            return;
        }

        var pending = new List<ElementInstance>();
        foreach (var element in Instance.Elements)
        {
            if (IsPending(element))
            {
                pending.Add(element);
            }
        }

        // Creation order, which the state keeps, so this order is the same in every run over the same state. A batch step
        // comes after the elements, as it stood behind the inner instances of its previous batch on the agenda.
        pending.Sort((a, b) => a.Ordinal.CompareTo(b.Ordinal));
        foreach (var element in pending)
        {
            if (element.State is ElementState.Activating or ElementState.Completing)
            {
                _agenda.Enqueue(new Step(element.State == ElementState.Activating ? StepKind.Activate : StepKind.Complete, element));
            }
        }

        foreach (var element in pending)
        {
            if (element.State == ElementState.Waiting)
            {
                _agenda.Enqueue(new Step(StepKind.NextBatch, element));
            }
        }
    }

    /// <summary>Whether the element has a step that a command started and no command ran yet.</summary>
    private bool IsPending(ElementInstance element) => element.Incident is null && (element.State is ElementState.Activating or ElementState.Completing
        || (element.IsMultiInstanceBody && element.Loop is { } loop && MultiInstanceBodyBehavior.HasBatchesLeft(loop)
            && NodeOf(element) is Activity { Loop.IsSequential: false }));

    private bool HasPendingWork()
    {
        foreach (var element in Instance.Elements)
        {
            if (IsPending(element))
            {
                return true;
            }
        }

        return false;
    }

    private string? BudgetUsedUp()
    {
        if (_activations >= Limits.MaxActivationsPerCommand)
        {
            return string.Create(CultureInfo.InvariantCulture,
                $"{_activations:N0} activations (Engine:Limits:MaxActivationsPerCommand = {Limits.MaxActivationsPerCommand:N0})");
        }

        return _variableBytes >= Limits.MaxVariablesBytesPerCommand
            ? string.Create(CultureInfo.InvariantCulture,
                $"{_variableBytes:N0} bytes of variables written (Engine:Limits:MaxVariablesBytesPerCommand = {Limits.MaxVariablesBytesPerCommand:N0})")
            : null;
    }

    /// <summary>
    /// The instance ran too long without coming to rest: every token still on the agenda gets an incident, which stops
    /// the loop; resolving one lets its token run on.
    /// </summary>
    private void StopRunaway()
    {
        var total = _activationsAtStart + _activations;
        var message = string.Create(CultureInfo.InvariantCulture,
            $"The instance ran {total:N0} element activations without coming to rest (Engine:Limits:MaxActivationsWithoutWait = {Limits.MaxActivationsWithoutWait:N0}); the model probably loops without a wait state. Resolving the incident lets it run on.");
        var stopped = new HashSet<long>();
        while (_agenda.TryDequeue(out var step))
        {
            var element = step.Element;
            if (!Instance.Contains(element) || element.Incident is not null || !stopped.Add(element.Key))
            {
                continue;
            }

            var failedStep = step.Kind switch
            {
                StepKind.Activate => ElementState.Activating,
                StepKind.Complete => ElementState.Completing,
                _ => ElementState.Waiting,
            };
            RaiseIncident(element, new IncidentException(IncidentErrorType.LimitExceeded, message), failedStep);
        }

        // The stopped tokens are at rest now: whatever runs after the incidents are resolved counts afresh.
        _activationsAtStart = -_activations;
    }

    /// <summary>Records whether work is left for a following command and asks for one when none is pending yet.</summary>
    private void EndCommand(string? yieldReason)
    {
        if (Instance.Status != InstanceStatus.Active)
        {
            Instance.Continuation = null;
            return;
        }

        // A continue-instance command consumed the request that started it; any other command leaves a pending one be.
        var requestPending = _continuationWasPending && !_resuming;
        var counted = Math.Max(0, _activationsAtStart + _activations);
        if (yieldReason is not null)
        {
            Instance.Continuation = new ContinuationState(counted, Math.Max(Depth, _continuedDepth));
            Record(JournalEventKind.ContinuationScheduled, Model.Id, Instance.Key, yieldReason);
            if (!requestPending)
            {
                AddIntent(new ContinuationRequested(Instance.Key, Model.Id));
            }

            return;
        }

        Instance.Continuation = requestPending && HasPendingWork() ? new ContinuationState(counted, Math.Max(Depth, _continuedDepth)) : null;
    }

    /// <summary>The element about to activate (or to leave towards <paramref name="adding"/> more) finds no room in the instance.</summary>
    private void RequireRoomForElements(int adding = 0)
    {
        var count = Instance.Elements.Count;
        if (count + adding > Limits.MaxElementInstances)
        {
            throw new IncidentException(IncidentErrorType.LimitExceeded, string.Create(CultureInfo.InvariantCulture,
                $"The instance holds {count:N0} element instances and may hold at most {Limits.MaxElementInstances:N0} (Engine:Limits:MaxElementInstances); the model probably creates tokens in a loop."));
        }
    }

    /// <summary>
    /// How deep the chain of instances starting one another is that triggered this command (Engine:Limits:MaxCallDepth):
    /// a start's depth is its new instance's, a message or signal thrown by another instance's command brings that
    /// command's depth + 1, a continuation keeps the depth of the command it continues; anything else (the API, a timer,
    /// a person, a child's answer) starts a chain afresh at 0.
    /// </summary>
    public int Depth { get; set; }

    /// <summary>
    /// The depth of the child a call activity starts: one deeper than its caller (a call stack, kept in the state) or
    /// than this command's chain, whichever is deeper. Beyond Engine:Limits:MaxCallDepth an incident on the call activity.
    /// </summary>
    public int DepthOfChild(string calledProcessId) =>
        RequireDepth(Math.Max(Instance.Depth, Depth) + 1, $"Calling '{calledProcessId}'");

    /// <summary>
    /// The depth a thrown message or signal gives the instances it starts or triggers: one deeper than this command's
    /// chain. Beyond Engine:Limits:MaxCallDepth an incident on the throw event, and nothing is thrown.
    /// </summary>
    public int DepthOfThrown(string what) => RequireDepth(Depth + 1, what);

    private int RequireDepth(int depth, string what)
    {
        if (depth > Limits.MaxCallDepth)
        {
            throw new IncidentException(IncidentErrorType.LimitExceeded, string.Create(CultureInfo.InvariantCulture,
                $"{what} would start or trigger an instance at depth {depth:N0} of instances started by one another (call activities, thrown messages and signals), deeper than Engine:Limits:MaxCallDepth ({Limits.MaxCallDepth:N0}) allows; a process that calls or signals itself needs a condition that ends it."));
        }

        return depth;
    }

    /// <summary>
    /// Counts the receivers of a signal this command throws (<see cref="ISignalAudience"/>); when the signals of this
    /// command would reach more than Engine:Limits:MaxSignalDeliveriesPerCommand together, an incident on the throw event,
    /// and nothing is broadcast.
    /// </summary>
    public void CountSignalDeliveries(string signalName)
    {
        if (Services.SignalAudience is not { } audience)
        {
            return;
        }

        var max = Limits.MaxSignalDeliveriesPerCommand;
        var bound = max - _signalDeliveries + 1;
        var reached = audience.CountUpTo(Instance.TenantId, signalName, bound);
        if (reached >= bound)
        {
            var before = _signalDeliveries == 0
                ? ","
                : string.Create(CultureInfo.InvariantCulture, $", which with the {_signalDeliveries:N0} reached by signals this command threw before is");
            throw new IncidentException(IncidentErrorType.LimitExceeded, string.Create(CultureInfo.InvariantCulture,
                $"The signal '{signalName}' would reach at least {reached:N0} receivers{before} more than Engine:Limits:MaxSignalDeliveriesPerCommand ({max:N0}) allows; it was not broadcast."));
        }

        _signalDeliveries += reached;
    }

    /// <summary>Checks variables before any of them is written, so that a failing write changes nothing.</summary>
    private void CheckVariables(IReadOnlyList<KeyValuePair<string, FeelValue>> variables)
    {
        // By index: a foreach over the interface would allocate an enumerator on every write.
        for (var i = 0; i < variables.Count; i++)
        {
            CheckVariable(variables[i].Key, variables[i].Value);
        }
    }

    /// <summary>A variable larger than Engine:Limits:MaxVariablesBytes is an incident on the element whose step writes it.</summary>
    private void CheckVariable(string name, FeelValue value)
    {
        var bytes = VariableSizes.Current.Of(value);
        if (bytes > Limits.MaxVariablesBytes)
        {
            throw new IncidentException(IncidentErrorType.LimitExceeded, string.Create(CultureInfo.InvariantCulture,
                $"The variable '{name}' would be {bytes:N0} bytes as JSON, more than Engine:Limits:MaxVariablesBytes ({Limits.MaxVariablesBytes:N0} bytes) allows."));
        }

        _variableBytes += bytes;
    }

    /// <summary>Variables handed to a command from outside: too large ones refuse the command before it changes anything.</summary>
    public static void RequireWithinLimits(EngineLimits limits, IReadOnlyList<KeyValuePair<string, FeelValue>>? variables)
    {
        if (variables is null || variables.Count == 0)
        {
            return;
        }

        for (var i = 0; i < variables.Count; i++)
        {
            var bytes = VariableSizes.Current.Of(variables[i].Value);
            if (bytes > limits.MaxVariablesBytes)
            {
                throw new VariableTooLargeException(variables[i].Key, bytes, limits.MaxVariablesBytes);
            }
        }
    }

    // ---------------------------------------------------------------- output collections of multi-instance bodies

    /// <summary>Puts an inner instance's result at its index of the body's output collection, in place.</summary>
    public void CollectOutput(ElementInstance body, string name, long index, FeelValue value)
    {
        var loop = body.Loop!;
        if (loop.Outputs is null || loop.OutputName != name)
        {
            if (body.Variables is not { } locals || !locals.TryGetValue(name, out var current) || current.Kind != FeelValueKind.List)
            {
                return;
            }

            // One copy per command; each result after it costs O(1).
            loop.Outputs = [.. current.AsList()];
            loop.OutputName = name;
        }

        if (index < 1 || index > loop.Outputs.Length)
        {
            return;
        }

        loop.Outputs[index - 1] = value;
        _variablesChanged = true;
        _taskListStale = true;
        if (!loop.OutputsChanged)
        {
            loop.OutputsChanged = true;
            (_changedOutputs ??= []).Add(body);
        }
    }

    /// <summary>Writes the working copy back to the body's variable (a fresh list, so that values read earlier never change).</summary>
    public static void WriteBackOutputCollection(ElementInstance body)
    {
        if (body.Loop is { OutputsChanged: true, Outputs: { } outputs, OutputName: { } name } loop)
        {
            body.EnsureVariables().Set(name, FeelValue.FromList(outputs));
            loop.OutputsChanged = false;
        }
    }

    /// <summary>At the end of the command every output collection is its variable again, and the working copies go.</summary>
    private void WriteBackOutputCollections()
    {
        if (_changedOutputs is null)
        {
            return;
        }

        foreach (var body in _changedOutputs)
        {
            WriteBackOutputCollection(body);
            if (body.Loop is { } loop)
            {
                loop.Outputs = null;
                loop.OutputName = null;
            }
        }

        _changedOutputs = null;
    }

    /// <summary>Something else writes the variable the working copy stands for: the copy is out of date and goes.</summary>
    private static void ForgetOutputCopy(ElementInstance scope, string name)
    {
        if (scope.Loop is { } loop && loop.OutputName == name)
        {
            WriteBackOutputCollection(scope);
            loop.Outputs = null;
            loop.OutputName = null;
        }
    }
}
