using ProzessEngine.Bpmn.Model;
using ProzessEngine.Core.Behaviors;
using ProzessEngine.Core.Intents;
using ProzessEngine.Core.Journal;
using ProzessEngine.Core.State;
using ProzessEngine.Feel;

namespace ProzessEngine.Core.Execution;

/// <summary>
/// Runs one command against one instance: an agenda of activation and completion steps, processed until every
/// token waits. Failures inside a step become incidents on the element, never exceptions that lose the instance.
/// Terminating elements, triggering events and throwing errors happen inside a step; they only ever queue further
/// steps, and a queued step of an element that has been terminated meanwhile is skipped. A command that uses up its
/// budget (Engine:Limits) stops between two steps; what is left is found again in the state by a following command.
/// </summary>
internal sealed partial class CommandExecution
{
    // Sized for a typical command (a start that runs a handful of elements), so the lists rarely grow.
    private readonly Queue<Step> _agenda = new(8);
    private readonly List<EngineIntent> _intents = new(4);
    private readonly List<JournalEvent> _events = new(16);
    private readonly List<SequenceFlow> _leaving = [];
    private readonly List<FlowNode> _jumps = [];
    private readonly bool _rootHasEventSubProcesses;

    public CommandExecution(RuntimeServices services, DeployedProcess process, ProcessInstanceState instance, string command, CommandActor actor)
    {
        Services = services;
        Process = process;
        Instance = instance;
        Command = command;
        Actor = actor;
        Now = services.Clock.GetUtcNow();
        _scopeView = new ScopeVariables(instance, process.Model.Property(Bpmn.EngineProperties.Calendar));
        _rootHasEventSubProcesses = process.Model.EventSubProcessesByScope.ContainsKey(process.Model.Id);
        _continuationWasPending = instance.Continuation is not null;
        _activationsAtStart = instance.Continuation?.ActivationsWithoutWait ?? 0;
        _continuedDepth = instance.Continuation?.Depth ?? 0;
    }

    public RuntimeServices Services { get; }
    public DeployedProcess Process { get; }
    public ProcessModel Model => Process.Model;
    public ProcessInstanceState Instance { get; }
    public string Command { get; }
    public CommandActor Actor { get; }
    public DateTimeOffset Now { get; }

    public ExecutionResult Run()
    {
        string? yieldReason = null;
        while (true)
        {
            if ((_variablesChanged || _conditionsDirty) && Instance.HasConditionalSubscriptions)
            {
                EvaluateConditions();
            }

            if (_agenda.Count == 0)
            {
                break;
            }

            // Checked between steps only, when conditions have been evaluated: the state then holds everything a
            // following command needs (pending elements, their triggers, join tokens).
            if (_activationsAtStart + _activations >= Limits.MaxActivationsWithoutWait)
            {
                StopRunaway();
                continue;
            }

            if ((yieldReason = BudgetUsedUp()) is not null)
            {
                break;
            }

            var step = _agenda.Dequeue();
            if (!Instance.Contains(step.Element))
            {
                // Terminated after the step was queued (an interrupting event, a terminate end event).
                continue;
            }

            switch (step.Kind)
            {
                case StepKind.Activate:
                    RunActivation(step.Element);
                    break;
                case StepKind.Complete:
                    RunCompletion(step.Element);
                    break;
                default:
                    RunNextBatch(step.Element);
                    break;
            }
        }

        WriteBackOutputCollections();
        RefreshTaskLists();
        EndCommand(yieldReason);
        return new ExecutionResult(Instance, Command, Actor, Now, _intents, _events);
    }

    public void AddIntent(EngineIntent intent) => _intents.Add(intent);

    public void Record(JournalEventKind kind, string? elementId, long? elementInstanceKey, string? detail = null) =>
        _events.Add(new JournalEvent(kind, elementId, elementInstanceKey, detail));

    public long NextKey() => Services.Keys.NextKey();

    public FlowNode NodeOf(ElementInstance element) => element.Node ??= Model.GetNode(element.ElementId);

    public IElementBehavior BehaviorOf(ElementInstance element) =>
        element.IsMultiInstanceBody ? MultiInstanceBodyBehavior.Instance : ElementBehaviors.For(NodeOf(element));

    /// <summary>The element instance of the enclosing scope; null at the process level.</summary>
    public ElementInstance? ScopeOf(ElementInstance element) =>
        element.ScopeKey == Instance.Key ? null : Instance.FindElement(element.ScopeKey);

    /// <summary>Creates a token at <paramref name="node"/> and queues its activation; an activity with a loop gets its multi-instance body.</summary>
    public ElementInstance ActivateNode(FlowNode node, long scopeKey)
    {
        var element = new ElementInstance(NextKey(), node.Id, scopeKey, ElementState.Activating)
        {
            Node = node,
            Flags = node is Activity { Loop: not null } ? ElementFlags.MultiInstanceBody : ElementFlags.None,
        };
        Instance.Add(element);
        Record(JournalEventKind.ElementActivated, node.Id, element.Key);
        if (_arrivals is { Count: > 0 } && _arrivals.Remove((scopeKey, node.Id), out var arrival))
        {
            SetTrigger(element, arrival);
        }

        _agenda.Enqueue(new Step(StepKind.Activate, element));
        return element;
    }

    /// <summary>Creates one instance of a multi-instance activity inside its body, with its loop variables.</summary>
    public ElementInstance ActivateInner(ElementInstance body, FlowNode node, int index, FeelValue item)
    {
        var loop = ((Activity)node).Loop!;
        var element = new ElementInstance(NextKey(), node.Id, body.Key, ElementState.Activating)
        {
            Node = node,
            Flags = ElementFlags.MultiInstanceInner,
        };
        var locals = element.EnsureVariables();
        if (loop.InputElement is { } inputElement)
        {
            locals.Set(inputElement, item);
        }

        locals.Set("loopCounter", FeelValue.FromNumber(index + 1));
        if (loop.OutputElement is { IsExpression: true } output && SimplePath(output.StaticText) is { } head && head != loop.InputElement)
        {
            // Camunda 8: an output element that names a variable is created locally, so each instance keeps its own result.
            locals.Set(head, FeelValue.Null);
        }

        Instance.Add(element);
        Record(JournalEventKind.ElementActivated, node.Id, element.Key);
        _agenda.Enqueue(new Step(StepKind.Activate, element));
        return element;
    }

    /// <summary>Queues the completion of a waiting or just activated element.</summary>
    public void Complete(ElementInstance element)
    {
        element.State = ElementState.Completing;
        _agenda.Enqueue(new Step(StepKind.Complete, element));
    }

    /// <summary>Queues the repetition of the step an incident stopped.</summary>
    public void Retry(ElementInstance element, ElementState step) =>
        _agenda.Enqueue(new Step(step == ElementState.Completing ? StepKind.Complete : StepKind.Activate, element));

    /// <summary>Queues the start of the next batch of inner instances of a parallel multi-instance body.</summary>
    public void QueueNextBatch(ElementInstance body) => _agenda.Enqueue(new Step(StepKind.NextBatch, body));

    /// <summary>Chooses a flow for the completing element; the token moves once the element has completed.</summary>
    public void TakeFlow(SequenceFlow flow) => _leaving.Add(flow);

    public void TakeAllOutgoing(FlowNode node)
    {
        foreach (var flow in node.Outgoing)
        {
            _leaving.Add(flow);
        }
    }

    /// <summary>Continues at <paramref name="node"/> (a link catch event) once the completing element has completed.</summary>
    public void JumpTo(FlowNode node) => _jumps.Add(node);

    // ---------------------------------------------------------------- steps

    private void RunActivation(ElementInstance element)
    {
        var node = NodeOf(element);
        _activations++;
        try
        {
            element.State = ElementState.Activating;
            RequireRoomForElements();
            if (Instance.HasSubscriptionsOf(element.Key))
            {
                // Left over from an attempt that ended in an incident; this attempt opens them again.
                CloseSubscriptionsOf(element.Key);
            }

            if (element.IsMultiInstanceBody)
            {
                OpenBoundarySubscriptions(element, node);
                MultiInstanceBodyBehavior.Instance.Activate(this, element, node);
                return;
            }

            if (element.ListenerPhase == ListenerPhase.None)
            {
                ApplyInputMappings(element, node);
            }

            if (StartListenersPending(element, node))
            {
                return;
            }

            if (!element.IsMultiInstanceInner)
            {
                OpenBoundarySubscriptions(element, node);
            }

            if (node is SubProcess or EventSubProcess or AdHocSubProcess)
            {
                OpenEventSubProcessSubscriptions(element.Key, node.Id, element);
            }
            else if (_rootHasEventSubProcesses && node is StartEvent && element.ScopeKey == Instance.Key)
            {
                CloseSubscriptionsOf(Instance.Key);
                OpenEventSubProcessSubscriptions(Instance.Key, Model.Id, null);
            }

            ElementBehaviors.For(node).Activate(this, element, node);

            // Consumed: kept until now so that an activation that ends in an incident gets it again when retried.
            element.Trigger = null;
        }
        catch (IncidentException incident)
        {
            if (Instance.Contains(element))
            {
                RaiseIncident(element, incident, ElementState.Activating);
            }
        }
        catch (Exception unexpected) when (IsContained(unexpected))
        {
            if (Instance.Contains(element))
            {
                RaiseIncident(element, Unexpected(unexpected), ElementState.Activating);
            }
        }
    }

    private void RunCompletion(ElementInstance element)
    {
        var node = NodeOf(element);
        _leaving.Clear();
        _jumps.Clear();
        try
        {
            element.State = ElementState.Completing;
            if (Instance.HasSubscriptionsOf(element.Key))
            {
                // Boundary events, event sub-process starts and the element's own subscriptions end with it, before
                // its output mappings run (so they cannot trigger a conditional boundary event of the element).
                CloseSubscriptionsOf(element.Key);
            }

            if (element.IsMultiInstanceBody)
            {
                MultiInstanceBodyBehavior.Instance.Leave(this, element, node);
            }
            else
            {
                if (element.ListenerPhase != ListenerPhase.End)
                {
                    ApplyOutputMappings(element, node);
                }

                if (EndListenersPending(element, node))
                {
                    return;
                }

                if (element.IsMultiInstanceInner)
                {
                    MultiInstanceBodyBehavior.InnerCompleting(this, ScopeOf(element)!, element, node);
                }
                else
                {
                    ElementBehaviors.For(node).Leave(this, element, node);
                }
            }

            CompletedElementEndedPath = _leaving.Count == 0 && _jumps.Count == 0;
            if (CompletedElementEndedPath)
            {
                CollectAdHocOutput(element);
            }
            RequireRoomForElements(_leaving.Count + _jumps.Count - 1);
        }
        catch (Exception failure) when (failure is IncidentException || IsContained(failure))
        {
            _leaving.Clear();
            _jumps.Clear();
            RaiseIncident(element, failure as IncidentException ?? Unexpected(failure), ElementState.Completing);
            return;
        }

        if (node is Activity { CompensationHandlerId: not null } && !element.IsMultiInstanceInner)
        {
            Instance.AddCompensation(element.ScopeKey, node.Id);
        }

        if (Instance.Compensations.Count > 0)
        {
            Instance.MoveCompensations(element.Key, element.ScopeKey);
        }

        Instance.Remove(element);
        Record(JournalEventKind.ElementCompleted, node.Id, element.Key);
        var scopeKey = element.ScopeKey;
        for (var i = 0; i < _leaving.Count; i++)
        {
            MoveToken(_leaving[i], scopeKey);
        }

        for (var i = 0; i < _jumps.Count; i++)
        {
            ActivateNode(_jumps[i], scopeKey);
        }

        _leaving.Clear();
        _jumps.Clear();
        ChildDone(scopeKey);
    }

    private void RunNextBatch(ElementInstance body)
    {
        if (body.Incident is not null || body.Loop is null)
        {
            return;
        }

        try
        {
            MultiInstanceBodyBehavior.ActivateNextBatch(this, body, NodeOf(body));
        }
        catch (Exception failure) when (failure is IncidentException || IsContained(failure))
        {
            RaiseIncident(body, failure as IncidentException ?? Unexpected(failure), ElementState.Waiting);
        }
    }

    private void MoveToken(SequenceFlow flow, long scopeKey)
    {
        Record(JournalEventKind.FlowTaken, flow.Id, null);
        var target = Model.GetNode(flow.TargetId);
        if (target.IncomingFlowIds.Length > 1)
        {
            if (target is ParallelGateway)
            {
                Instance.AddJoinToken(scopeKey, flow.Id);
                foreach (var incoming in target.IncomingFlowIds)
                {
                    if (Instance.JoinTokenCount(scopeKey, incoming) == 0)
                    {
                        return;
                    }
                }

                foreach (var incoming in target.IncomingFlowIds)
                {
                    Instance.ConsumeJoinToken(scopeKey, incoming);
                }
            }
            else if (target is InclusiveGateway)
            {
                // Fires in RecheckInclusiveJoins, once every token the completing element sends on exists.
                Instance.AddJoinToken(scopeKey, flow.Id);
                return;
            }
        }

        ActivateNode(target, scopeKey);
    }

    /// <summary>A child of the scope completed: joins may fire, and the scope may complete.</summary>
    private void ChildDone(long scopeKey)
    {
        if (Model.HasInclusiveJoins && Instance.JoinTokens.Count > 0)
        {
            RecheckInclusiveJoins(scopeKey);
        }

        if (scopeKey == Instance.Key)
        {
            CompleteProcessIfDone();
            return;
        }

        var scope = Instance.FindElement(scopeKey);
        if (scope is null || scope.State != ElementState.Waiting || scope.Incident is not null)
        {
            return;
        }

        RetryChildDone(scope);
    }

    /// <summary>Asks a waiting scope whether it is done now (also what resolving an incident of a waiting scope repeats).</summary>
    public void RetryChildDone(ElementInstance scope)
    {
        try
        {
            BehaviorOf(scope).ChildDone(this, scope, NodeOf(scope));
        }
        catch (IncidentException incident)
        {
            RaiseIncident(scope, incident, ElementState.Waiting);
        }
    }

    private void CompleteProcessIfDone()
    {
        if (Instance.Status != InstanceStatus.Active || Instance.HasChildren(Instance.Key))
        {
            return;
        }

        if (Instance.Subscriptions.Count > 0)
        {
            CloseSubscriptionsOf(Instance.Key);
        }

        if (ProcessEndListenersPending())
        {
            return;
        }

        Instance.DropAllCompensations();
        Instance.Complete(Now);
        Record(JournalEventKind.InstanceCompleted, Model.Id, Instance.Key);
        if (Instance.Parent is { } parent)
        {
            AddIntent(new ChildInstanceCompleted(parent.ProcessInstanceKey, parent.ElementInstanceKey, Snapshot(Instance.Variables), Instance.Key, Model.Id));
        }
    }

    public void RaiseIncident(ElementInstance element, IncidentException incident, ElementState failedStep)
    {
        var info = new IncidentInfo(NextKey(), incident.ErrorType, incident.Message, failedStep);
        element.Incident = info;
        element.State = failedStep;
        AddIntent(new IncidentRaised(info.Key, element.Key, element.ElementId, info.ErrorType.ToString(), info.Message, element.JobKey));
        Record(JournalEventKind.IncidentRaised, element.ElementId, element.Key, info.Message);
    }

    /// <summary>
    /// A failure the engine did not foresee still must not lose the command's work on other tokens: it stops the element
    /// with an incident that names it. Out-of-memory and the like are not contained.
    /// </summary>
    private static bool IsContained(Exception exception) =>
        exception is not (IncidentException or OutOfMemoryException or StackOverflowException or ThreadAbortException);

    private static IncidentException Unexpected(Exception exception) =>
        new(IncidentErrorType.Unexpected, $"Unexpected failure ({exception.GetType().Name}): {exception.Message}");

    private static string? SimplePath(string expression)
    {
        var text = expression.Trim();
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        var head = dot < 0 ? text : text[..dot];
        return head.Length > 0 && (char.IsLetter(head[0]) || head[0] == '_') && text.All(c => char.IsLetterOrDigit(c) || c is '_' or '.')
            ? head
            : null;
    }

    private enum StepKind
    {
        Activate,
        Complete,

        /// <summary>Start the next batch of inner instances of a parallel multi-instance body.</summary>
        NextBatch,
    }

    private readonly record struct Step(StepKind Kind, ElementInstance Element);
}

/// <summary>Thrown inside a step to stop the token at its element with an incident.</summary>
internal sealed class IncidentException(IncidentErrorType errorType, string message) : Exception(message)
{
    public IncidentErrorType ErrorType { get; } = errorType;
}
