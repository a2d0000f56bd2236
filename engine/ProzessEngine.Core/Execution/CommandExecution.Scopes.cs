using ProzessEngine.Bpmn.Model;
using ProzessEngine.Core.Intents;
using ProzessEngine.Core.Journal;
using ProzessEngine.Core.State;

namespace ProzessEngine.Core.Execution;

/// <summary>Ending tokens: terminating elements with everything inside them, and joins that wait for tokens.</summary>
internal sealed partial class CommandExecution
{
    /// <summary>
    /// Terminates an element instance and, first, everything inside it: withdraws its task, job, timers and
    /// subscriptions, resolves its incident, cancels a called child. Never completes the enclosing scope: whoever
    /// terminates decides what follows.
    /// </summary>
    public void TerminateElement(ElementInstance element)
    {
        if (!Instance.Contains(element))
        {
            return;
        }

        if (Instance.HasChildren(element.Key))
        {
            TerminateChildren(element.Key);
        }

        if (Instance.HasSubscriptionsOf(element.Key))
        {
            CloseSubscriptionsOf(element.Key);
        }

        CancelListenerJob(element);
        BehaviorOf(element).Terminate(this, element, NodeOf(element));
        if (element.Incident is { } incident)
        {
            AddIntent(new IncidentResolved(incident.Key, element.Key, element.ElementId));
            element.Incident = null;
        }

        if (Instance.Compensations.Count > 0)
        {
            Instance.DropCompensations(element.Key);
        }

        if (element.IsMultiInstanceInner && ScopeOf(element)?.Loop is { } loop)
        {
            loop.Terminated++;
        }

        Instance.Remove(element);
        Record(JournalEventKind.ElementTerminated, element.ElementId, element.Key);
    }

    /// <summary>Terminates every element instance directly inside a scope (newest first) and drops its waiting join tokens.</summary>
    public void TerminateChildren(long scopeKey, ElementInstance? except = null)
    {
        foreach (var child in Instance.ChildrenOf(scopeKey))
        {
            if (!ReferenceEquals(child, except))
            {
                TerminateElement(child);
            }
        }

        Instance.RemoveJoinTokens(scopeKey);
    }

    /// <summary>Ends the whole instance as terminated (cancellation, an error handed to the caller).</summary>
    public void TerminateInstance(JournalEventKind kind, string? detail)
    {
        DropProcessListenerRuns();
        TerminateChildren(Instance.Key);
        if (Instance.Subscriptions.Count > 0)
        {
            CloseSubscriptionsOf(Instance.Key);
        }

        Instance.DropAllCompensations();
        Instance.Terminate(Now);
        Record(kind, Model.Id, Instance.Key, detail);
    }

    /// <summary>
    /// Fires the inclusive gateways of a scope that have tokens waiting and for which no other token of the scope can
    /// still reach one of their empty incoming flows without also reaching a filled one.
    /// </summary>
    private void RecheckInclusiveJoins(long scopeKey)
    {
        List<InclusiveGateway>? gateways = null;
        foreach (var join in Instance.JoinTokens.Keys)
        {
            if (join.ScopeKey == scopeKey && Model.GetNode(Model.Flows[join.FlowId].TargetId) is InclusiveGateway gateway
                && (gateways is null || !gateways.Contains(gateway)))
            {
                (gateways ??= []).Add(gateway);
            }
        }

        if (gateways is null)
        {
            return;
        }

        foreach (var gateway in gateways)
        {
            if (!CanFire(gateway, scopeKey))
            {
                continue;
            }

            foreach (var incoming in gateway.IncomingFlowIds)
            {
                if (Instance.JoinTokenCount(scopeKey, incoming) > 0)
                {
                    Instance.ConsumeJoinToken(scopeKey, incoming);
                }
            }

            ActivateNode(gateway, scopeKey);
        }
    }

    private bool CanFire(InclusiveGateway gateway, long scopeKey)
    {
        var incoming = gateway.IncomingFlowIds;
        ulong filled = 0;
        for (var i = 0; i < incoming.Length; i++)
        {
            if (Instance.JoinTokenCount(scopeKey, incoming[i]) > 0)
            {
                filled |= 1UL << i;
            }
        }

        if (filled == 0)
        {
            return false;
        }

        var all = incoming.Length == 64 ? ulong.MaxValue : (1UL << incoming.Length) - 1;
        var empty = all & ~filled;
        if (empty == 0)
        {
            return true;
        }

        foreach (var element in Instance.Elements)
        {
            if (element.ScopeKey == scopeKey && Blocks(gateway.UpstreamReach.GetValueOrDefault(element.ElementId), empty, filled))
            {
                return false;
            }
        }

        foreach (var join in Instance.JoinTokens.Keys)
        {
            if (join.ScopeKey != scopeKey)
            {
                continue;
            }

            var waitingAt = Model.Flows[join.FlowId].TargetId;
            if (waitingAt != gateway.Id && Blocks(gateway.UpstreamReach.GetValueOrDefault(waitingAt), empty, filled))
            {
                return false;
            }
        }

        return true;
    }

    private static bool Blocks(ulong reach, ulong empty, ulong filled) => (reach & empty) != 0 && (reach & filled) == 0;
}
