using System.Globalization;
using ProzessEngine.Bpmn.Model;
using ProzessEngine.Core.Intents;
using ProzessEngine.Core.Journal;
using ProzessEngine.Core.State;
using ProzessEngine.Feel;

namespace ProzessEngine.Core.Execution;

/// <summary>
/// Execution listeners (Camunda 8.6+): jobs that hold up an element before its own work (start, after the input
/// mappings) and before it leaves (end, after the output mappings), one after the other in document order. The
/// process's own listeners run before its start event and after its last token, outside any element instance.
/// </summary>
internal sealed partial class CommandExecution
{
    private bool _processEndListenersDone;

    /// <summary>Runs the element's next start listener, if one is left: true while a listener job holds up the activation.</summary>
    private bool StartListenersPending(ElementInstance element, FlowNode node)
    {
        if (node.ExecutionListeners.IsEmpty || element.IsMultiInstanceBody)
        {
            return false;
        }

        if (element.ListenerPhase == ListenerPhase.None)
        {
            element.ListenerPhase = ListenerPhase.Start;
            element.ListenerIndex = 0;
        }

        // The trigger an event brought stays on the element (in the state) until the activation goes on.
        var listener = Listener(node.ExecutionListeners, ExecutionListenerEventType.Start, element.ListenerIndex);
        if (listener is null)
        {
            return false;
        }

        OpenExecutionListenerJob(element, node, listener, "START");
        return true;
    }

    /// <summary>Runs the element's next end listener, if one is left: true while a listener job holds up the completion.</summary>
    private bool EndListenersPending(ElementInstance element, FlowNode node)
    {
        if (node.ExecutionListeners.IsEmpty)
        {
            return false;
        }

        if (element.ListenerPhase != ListenerPhase.End)
        {
            element.ListenerPhase = ListenerPhase.End;
            element.ListenerIndex = 0;
        }

        var listener = Listener(node.ExecutionListeners, ExecutionListenerEventType.End, element.ListenerIndex);
        if (listener is null)
        {
            return false;
        }

        OpenExecutionListenerJob(element, node, listener, "END");
        return true;
    }

    /// <summary>A worker completed an execution listener job: its variables are set, and the held-up step goes on.</summary>
    public void CompleteExecutionListener(ElementInstance element, IReadOnlyList<KeyValuePair<string, FeelValue>>? variables)
    {
        var node = NodeOf(element);
        element.JobKey = null;
        element.JobKind = JobKind.BpmnElement;
        if (variables is { Count: > 0 })
        {
            if (element.ListenerPhase == ListenerPhase.Start)
            {
                // Camunda 8: a start listener's variables are local variables of the element.
                foreach (var (name, value) in variables)
                {
                    SetLocalVariable(element, name, value);
                }
            }
            else
            {
                // An end listener's variables go to the enclosing scope, like the results of output mappings.
                foreach (var (name, value) in variables)
                {
                    SetVariablePropagating(element.ScopeKey, name, value);
                }
            }

            RecordVariables(node.Id, element.Key, variables);
        }

        element.ListenerIndex++;
        Retry(element, element.State == ElementState.Completing ? ElementState.Completing : ElementState.Activating);
    }

    private void OpenExecutionListenerJob(ElementInstance element, FlowNode node, ExecutionListener listener, string eventType)
    {
        if (element.JobKey is { } stale)
        {
            // The listener's previous job failed without retries; resolving the incident runs the listener again.
            AddIntent(new JobCanceled(stale, element.Key, node.Id));
            element.JobKey = null;
        }

        string type;
        int retries;
        try
        {
            (type, retries) = EvaluateListenerJob(listener.Type, listener.Retries, element, "execution listener");
        }
        catch (IncidentException)
        {
            // Camunda 8 runs every listener of the event type again once such an incident is resolved.
            element.ListenerIndex = 0;
            throw;
        }

        var key = NextKey();
        element.JobKey = key;
        element.JobKind = JobKind.ExecutionListener;
        AddIntent(new JobCreated(key, element.Key, node.Id, type, retries, HeadersOf(node)) { Kind = JobKind.ExecutionListener, ListenerEventType = eventType });
        Record(JournalEventKind.JobCreated, node.Id, element.Key, type);
    }

    /// <summary>The static headers a listener job of <paramref name="node"/> receives: the element's own.</summary>
    private static IReadOnlyList<KeyValuePair<string, string>> HeadersOf(FlowNode node) => node switch
    {
        UserTask task => task.TaskHeaders,
        _ => node.Job?.Headers ?? (IReadOnlyList<KeyValuePair<string, string>>)[],
    };

    private (string Type, int Retries) EvaluateListenerJob(ExpressionValue typeExpression, ExpressionValue retriesExpression, ElementInstance? element, string what)
    {
        var type = EvaluateString(typeExpression, element, $"{what} type");
        if (!retriesExpression.IsExpression)
        {
            return (type, int.Parse(retriesExpression.Text, CultureInfo.InvariantCulture));
        }

        var value = EvaluateRequired(retriesExpression, element, $"{what} retries");
        return value.TryGetInt64(out var count) && count is >= 0 and <= int.MaxValue
            ? (type, (int)count)
            : throw new IncidentException(IncidentErrorType.ExpressionEvaluation,
                $"The {what} retries '{retriesExpression.StaticText}' evaluated to {value}; expected a whole number of at least 0.");
    }

    private static ExecutionListener? Listener(IReadOnlyList<ExecutionListener> listeners, ExecutionListenerEventType eventType, int index)
    {
        var seen = 0;
        foreach (var listener in listeners)
        {
            if (listener.EventType == eventType && seen++ == index)
            {
                return listener;
            }
        }

        return null;
    }

    // ---------------------------------------------------------------- the process's own listeners

    /// <summary>
    /// Enters the process at <paramref name="start"/>: at once, or after the process's start listeners. A triggered
    /// start event (message, signal, timer, condition) keeps its variables until then.
    /// </summary>
    public void EnterProcess(StartEvent start, bool triggered, IReadOnlyList<KeyValuePair<string, FeelValue>>? variables)
    {
        if (Listener(Model.ExecutionListeners, ExecutionListenerEventType.Start, 0) is null)
        {
            var element = ActivateNode(start, Instance.Key);
            if (triggered)
            {
                SetTrigger(element, variables);
            }

            return;
        }

        var run = new ListenerRun(ListenerRunKind.ProcessStart, Instance.Key, Model.Id) { StartEventId = start.Id };
        if (triggered)
        {
            run.StartVariables = new VariableMap();
            foreach (var (name, value) in variables ?? [])
            {
                run.StartVariables.Set(name, value);
            }
        }

        Instance.AddListenerRun(run);
        ContinueListenerRun(run);
    }

    /// <summary>Before the process completes: true while its end listeners hold up the completion.</summary>
    private bool ProcessEndListenersPending()
    {
        if (_processEndListenersDone || Listener(Model.ExecutionListeners, ExecutionListenerEventType.End, 0) is null)
        {
            return false;
        }

        if (Instance.ListenerRuns.Any(r => r.Kind == ListenerRunKind.ProcessEnd))
        {
            // Already running; its last listener finishes the completion.
            return true;
        }

        var run = new ListenerRun(ListenerRunKind.ProcessEnd, Instance.Key, Model.Id);
        Instance.AddListenerRun(run);
        ContinueListenerRun(run);
        return true;
    }

    /// <summary>Opens the job of the run's current listener, or, when none is left, finishes what the run held up.</summary>
    public void ContinueListenerRun(ListenerRun run)
    {
        if (run.JobKey is { } stale)
        {
            AddIntent(new JobCanceled(stale, run.ElementInstanceKey, run.ElementId));
            run.JobKey = null;
        }

        if (run.Kind == ListenerRunKind.TaskCanceling)
        {
            ContinueCancelingListeners(run);
            return;
        }

        var eventType = run.Kind == ListenerRunKind.ProcessStart ? ExecutionListenerEventType.Start : ExecutionListenerEventType.End;
        var listener = Listener(Model.ExecutionListeners, eventType, run.Index);
        if (listener is null)
        {
            Instance.RemoveListenerRun(run);
            if (run.Kind == ListenerRunKind.ProcessStart)
            {
                var element = ActivateNode(Model.GetNode(run.StartEventId!), Instance.Key);
                if (run.StartVariables is { } variables)
                {
                    SetTrigger(element, [.. variables.Entries]);
                }
            }
            else
            {
                _processEndListenersDone = true;
                CompleteProcessIfDone();
            }

            return;
        }

        OpenRunJob(run, listener.Type, listener.Retries, JobKind.ExecutionListener,
            run.Kind == ListenerRunKind.ProcessStart ? "START" : "END", "execution listener", []);
    }

    /// <summary>A worker completed the job of a listener run: the process's variables are set, and the next listener runs.</summary>
    public void CompleteListenerRun(ListenerRun run, IReadOnlyList<KeyValuePair<string, FeelValue>>? variables)
    {
        run.JobKey = null;
        if (variables is { Count: > 0 })
        {
            SetRootVariables(variables);
        }

        run.Index++;
        ContinueListenerRun(run);
    }

    /// <summary>Opens the job of a listener run; a type or retries expression that fails is an incident on the run.</summary>
    private void OpenRunJob(ListenerRun run, ExpressionValue type, ExpressionValue retries, JobKind kind, string eventType, string what,
        IReadOnlyList<KeyValuePair<string, string>> headers)
    {
        try
        {
            var (jobType, jobRetries) = EvaluateListenerJob(type, retries, null, what);
            var key = NextKey();
            run.JobKey = key;
            AddIntent(new JobCreated(key, run.ElementInstanceKey, run.ElementId, jobType, jobRetries, headers) { Kind = kind, ListenerEventType = eventType });
            Record(JournalEventKind.JobCreated, run.ElementId, run.ElementInstanceKey, jobType);
        }
        catch (IncidentException incident)
        {
            run.Index = 0;
            RaiseRunIncident(run, incident);
        }
    }

    public void RaiseRunIncident(ListenerRun run, IncidentException incident)
    {
        var info = new IncidentInfo(NextKey(), incident.ErrorType, incident.Message, ElementState.Waiting);
        run.Incident = info;
        AddIntent(new IncidentRaised(info.Key, run.ElementInstanceKey, run.ElementId, info.ErrorType.ToString(), info.Message, run.JobKey));
        Record(JournalEventKind.IncidentRaised, run.ElementId, run.ElementInstanceKey, info.Message);
    }

    /// <summary>Withdraws the jobs of the process's own listeners when the instance ends otherwise (cancellation).</summary>
    private void DropProcessListenerRuns()
    {
        foreach (var run in Instance.ListenerRuns.Where(r => r.Kind != ListenerRunKind.TaskCanceling).ToList())
        {
            if (run.JobKey is { } job)
            {
                AddIntent(new JobCanceled(job, run.ElementInstanceKey, run.ElementId));
            }

            if (run.Incident is { } incident)
            {
                AddIntent(new IncidentResolved(incident.Key, run.ElementInstanceKey, run.ElementId));
            }

            Instance.RemoveListenerRun(run);
        }
    }

    /// <summary>Withdraws a listener job of an element that is terminated while the job is open.</summary>
    private void CancelListenerJob(ElementInstance element)
    {
        if (element.JobKey is { } job && element.JobKind is JobKind.ExecutionListener or JobKind.TaskListener)
        {
            AddIntent(new JobCanceled(job, element.Key, element.ElementId));
            element.JobKey = null;
            element.JobKind = JobKind.BpmnElement;
        }
    }
}
