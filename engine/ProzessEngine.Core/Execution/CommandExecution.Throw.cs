using ProzessEngine.Bpmn.Model;
using ProzessEngine.Core.Intents;
using ProzessEngine.Core.Journal;
using ProzessEngine.Core.State;
using ProzessEngine.Feel;

namespace ProzessEngine.Core.Execution;

/// <summary>Errors and escalations looking for their catch event through the scopes, and compensation.</summary>
internal sealed partial class CommandExecution
{
    private enum CatchKind
    {
        Error,
        Escalation,
    }

    /// <summary>Where a thrown error or escalation is caught: a boundary event of <see cref="Level"/>, or an event sub-process inside it.</summary>
    private readonly record struct CatchTarget(ElementInstance? Level, EventNode Event);

    /// <summary>
    /// Throws a BPMN error from <paramref name="thrower"/> (an error end event, or an activity whose job or child threw
    /// it). Caught in this instance, the catching scope is interrupted; caught by the caller, this instance ends; not
    /// caught at all, an incident stops the thrower.
    /// </summary>
    public void ThrowError(ElementInstance thrower, bool throwerIsActivity, string code, string? message, IReadOnlyList<KeyValuePair<string, FeelValue>>? variables)
    {
        Record(JournalEventKind.ErrorThrown, thrower.ElementId, thrower.Key, message is null ? code : $"{code}: {message}");
        if (FindCatch(thrower, throwerIsActivity, code, CatchKind.Error) is { } target)
        {
            Catch(target, interrupting: true, variables);
            return;
        }

        if (Instance.Parent is { } parent && parent.Catches(code))
        {
            AddIntent(new ErrorPropagatedToParent(parent.ProcessInstanceKey, parent.ElementInstanceKey, code, message, variables ?? [], Instance.Key, Model.Id));
            TerminateInstance(JournalEventKind.InstanceTerminated, $"error '{code}' caught by the calling process");
            return;
        }

        throw new IncidentException(IncidentErrorType.Unhandled,
            $"An error with code '{code}'{(message is null ? "" : $" ({message})")} was thrown and no error catch event caught it.");
    }

    /// <summary>
    /// Throws an escalation. An interrupting catch ends the catching scope (the thrower with it); a non-interrupting one
    /// starts its path beside it. Not caught here, it goes to the caller; not caught at all, nothing happens.
    /// </summary>
    public void ThrowEscalation(ElementInstance thrower, bool throwerIsActivity, string code, IReadOnlyList<KeyValuePair<string, FeelValue>>? variables)
    {
        Record(JournalEventKind.EscalationThrown, thrower.ElementId, thrower.Key, code);
        if (FindCatch(thrower, throwerIsActivity, code, CatchKind.Escalation) is { } target)
        {
            var interrupting = target.Event switch
            {
                BoundaryEvent boundary => boundary.CancelActivity,
                StartEvent start => start.IsInterrupting,
                _ => true,
            };
            Catch(target, interrupting, variables);
            return;
        }

        if (Instance.Parent is { } parent)
        {
            AddIntent(new EscalationPropagatedToParent(parent.ProcessInstanceKey, parent.ElementInstanceKey, code, variables ?? [], Instance.Key, Model.Id));
        }
    }

    private void Catch(CatchTarget target, bool interrupting, IReadOnlyList<KeyValuePair<string, FeelValue>>? variables)
    {
        if (target.Event is BoundaryEvent boundary)
        {
            var activity = target.Level!;
            if (interrupting)
            {
                TerminateElement(activity);
            }

            SetTrigger(ActivateNode(boundary, activity.ScopeKey), variables);
            return;
        }

        var start = (StartEvent)target.Event;
        var scopeKey = target.Level?.Key ?? Instance.Key;
        if (interrupting)
        {
            CloseSubscriptionsOf(scopeKey, s => IsEventSubProcessStart(s.ElementId));
            TerminateChildren(scopeKey);
        }

        SetTrigger(ActivateNode(Model.GetNode(start.ScopeId), scopeKey), variables);
    }

    private CatchTarget? FindCatch(ElementInstance thrower, bool throwerIsActivity, string code, CatchKind kind)
    {
        CatchTarget? found = null;
        VisitCatchLevels(thrower, throwerIsActivity, kind, (level, candidates) =>
        {
            EventNode? catchAll = null;
            foreach (var candidate in candidates)
            {
                var candidateCode = CodeOf(candidate);
                if (candidateCode == code)
                {
                    found = new CatchTarget(level, candidate);
                    return true;
                }

                catchAll ??= candidateCode is null ? candidate : null;
            }

            if (catchAll is not null)
            {
                found = new CatchTarget(level, catchAll);
                return true;
            }

            return false;
        });
        return found;
    }

    /// <summary>
    /// Walks from the thrower outwards. A level is an element instance (or the process) with the boundary events
    /// attached to it and the event sub-processes directly inside it; an error thrown inside an event sub-process skips
    /// the event sub-processes of the scope that contains it, so it cannot start itself again.
    /// </summary>
    private void VisitCatchLevels(ElementInstance thrower, bool throwerIsActivity, CatchKind kind, Func<ElementInstance?, List<EventNode>, bool> visit)
    {
        var candidates = new List<EventNode>();
        if (throwerIsActivity)
        {
            AddBoundaryCatches(thrower, kind, candidates);
            if (candidates.Count > 0 && visit(thrower, candidates))
            {
                return;
            }
        }

        var previous = thrower;
        var current = ScopeOf(thrower);
        while (true)
        {
            candidates.Clear();
            var skipEventSubProcesses = NodeOf(previous) is EventSubProcess;
            string? scopeId = current is null ? Model.Id
                : !current.IsMultiInstanceBody && NodeOf(current) is SubProcess or EventSubProcess or AdHocSubProcess ? current.ElementId : null;
            if (scopeId is not null && !skipEventSubProcesses && Model.EventSubProcessesByScope.TryGetValue(scopeId, out var eventSubProcesses))
            {
                foreach (var id in eventSubProcesses)
                {
                    var start = (StartEvent)Model.GetNode(((EventSubProcess)Model.GetNode(id)).StartEventId);
                    if (Matches(start, kind))
                    {
                        candidates.Add(start);
                    }
                }
            }

            if (current is not null)
            {
                AddBoundaryCatches(current, kind, candidates);
            }

            if (candidates.Count > 0 && visit(current, candidates))
            {
                return;
            }

            if (current is null)
            {
                return;
            }

            previous = current;
            current = ScopeOf(current);
        }
    }

    private void AddBoundaryCatches(ElementInstance element, CatchKind kind, List<EventNode> candidates)
    {
        if (element.IsMultiInstanceInner || NodeOf(element) is not Activity { BoundaryEventIds.IsEmpty: false } activity)
        {
            return;
        }

        foreach (var id in activity.BoundaryEventIds)
        {
            var boundary = (BoundaryEvent)Model.GetNode(id);
            if (Matches(boundary, kind))
            {
                candidates.Add(boundary);
            }
        }
    }

    private static bool Matches(EventNode node, CatchKind kind) => kind == CatchKind.Error
        ? node.EventDefinition is ErrorEventDefinition
        : node.EventDefinition is EscalationEventDefinition;

    private static string? CodeOf(EventNode node) => node.EventDefinition switch
    {
        ErrorEventDefinition error => error.StaticCode,
        EscalationEventDefinition escalation => escalation.StaticCode,
        _ => null,
    };

    /// <summary>What the child of a call activity needs to know about the errors its callers catch.</summary>
    public ParentLink LinkForChild(ElementInstance callActivity)
    {
        var codes = new List<string>();
        var catchesAll = false;
        VisitCatchLevels(callActivity, throwerIsActivity: true, CatchKind.Error, (_, candidates) =>
        {
            foreach (var candidate in candidates)
            {
                if (CodeOf(candidate) is { } code)
                {
                    codes.Add(code);
                }
                else
                {
                    catchesAll = true;
                }
            }

            return false;
        });
        if (Instance.Parent is { } parent)
        {
            codes.AddRange(parent.CatchableErrorCodes);
            catchesAll |= parent.CatchesAllErrors;
        }

        return new ParentLink(Instance.Key, callActivity.Key, callActivity.ElementId, [.. codes.Distinct(StringComparer.Ordinal)], catchesAll);
    }

    /// <summary>
    /// Invokes the compensation handlers of the completed activities of the thrower's scope (the enclosing scope when
    /// thrown in an event sub-process), or of one activity. The handlers run inside the throw event, which completes
    /// when they all have.
    /// </summary>
    public void ThrowCompensation(ElementInstance thrower, CompensateEventDefinition definition)
    {
        var scopeKey = thrower.ScopeKey;
        if (ScopeOf(thrower) is { } scope && NodeOf(scope) is EventSubProcess)
        {
            scopeKey = scope.ScopeKey;
        }

        var records = Instance.TakeCompensations(scopeKey, definition.ActivityId);
        Record(JournalEventKind.CompensationThrown, thrower.ElementId, thrower.Key, $"{records.Count} compensation handler(s)");
        if (records.Count == 0)
        {
            Complete(thrower);
            return;
        }

        thrower.State = ElementState.Waiting;
        foreach (var record in records)
        {
            var activity = (Activity)Model.GetNode(record.ActivityId);
            ActivateNode(Model.GetNode(activity.CompensationHandlerId!), thrower.Key);
        }
    }
}
