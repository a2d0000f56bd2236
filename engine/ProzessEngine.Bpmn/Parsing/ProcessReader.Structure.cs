using System.Collections.Frozen;
using System.Collections.Immutable;
using ProzessEngine.Bpmn.Model;

namespace ProzessEngine.Bpmn.Parsing;

/// <summary>Checks and derived data that need the whole graph: attachments, links, compensation, scopes, joins.</summary>
internal sealed partial class ProcessReader
{
    private const int MaxInclusiveJoinInputs = 64;

    private void ResolveBoundaryEvents()
    {
        var attached = new Dictionary<string, ImmutableArray<string>.Builder>(StringComparer.Ordinal);
        foreach (var boundary in _nodes.Values.OfType<BoundaryEvent>().ToList())
        {
            var element = _ids[boundary.Id];
            if (!_nodes.TryGetValue(boundary.AttachedToId, out var target))
            {
                Error(element, boundary.Id, $"The boundary event is attached to '{boundary.AttachedToId}', which is no element of this process.");
                continue;
            }

            if (target is not Activity)
            {
                Error(element, boundary.Id, $"Boundary events can only be attached to activities (tasks, sub-processes, call activities), not to a {target.ElementType}.");
                continue;
            }

            if (target.ScopeId != boundary.ScopeId)
            {
                Error(element, boundary.Id, $"The boundary event must lie in the same (sub-)process as '{target.Id}'.");
                continue;
            }

            if (boundary.IncomingFlowIds.Length > 0)
            {
                Error(element, boundary.Id, "A boundary event must not have incoming sequence flows.");
            }

            if (boundary.EventDefinition is CompensateEventDefinition && boundary.Outgoing.Length > 0)
            {
                Error(element, boundary.Id, "A compensation boundary event has no outgoing sequence flows; associate it with its compensation handler.");
            }

            (attached.TryGetValue(target.Id, out var list) ? list : attached[target.Id] = ImmutableArray.CreateBuilder<string>()).Add(boundary.Id);
        }

        foreach (var (activityId, ids) in attached)
        {
            var activity = (Activity)_nodes[activityId];
            _nodes[activityId] = activity with { BoundaryEventIds = ids.ToImmutable() };
            var messageNames = new HashSet<string>(StringComparer.Ordinal);
            foreach (var id in ids)
            {
                if (_nodes[id] is BoundaryEvent { EventDefinition: MessageEventDefinition { Name.IsExpression: false } message }
                    && !messageNames.Add(message.Name.Text))
                {
                    Error(_ids[id], id, $"Another message boundary event of '{activityId}' already waits for the message '{message.Name.Text}'.");
                }
            }
        }
    }

    private void ResolveCompensation()
    {
        var handlers = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var handled = new HashSet<string>(StringComparer.Ordinal);

        // Elements whose association is reported already (or whose other end could not be read): "has no association"
        // would be a second, wrong message about them.
        var unresolved = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (first, second, element) in _associations)
        {
            if (first is null || second is null)
            {
                continue;
            }

            // bpmn-js draws the association from the boundary event to the handler; the BPMN association has no
            // direction of its own, so the other way round means the same.
            var (source, target) = IsCompensationBoundary(second) && !IsCompensationBoundary(first) ? (second, first) : (first, second);
            if (!IsCompensationBoundary(source))
            {
                if (!_nodes.ContainsKey(source) && _ids.ContainsKey(source))
                {
                    unresolved.Add(target);
                }

                continue;
            }

            if (!_nodes.TryGetValue(target, out var to))
            {
                if (_ids.ContainsKey(target))
                {
                    unresolved.Add(source);
                }
                else
                {
                    Error(element, source, $"The compensation boundary event is associated with '{target}', which is no element of this process.");
                    unresolved.Add(source);
                }

                continue;
            }

            if (to is not Activity activity)
            {
                Error(element, source, $"The compensation boundary event is associated with '{target}', a {to.ElementType}; a compensation handler must be an activity (a task, sub-process or call activity).");
                unresolved.Add(source);
                continue;
            }

            if (!activity.IsForCompensation)
            {
                Error(element, source, $"The compensation boundary event is associated with '{target}', which is not marked as compensation handler: set isForCompensation=\"true\" on it.");
                unresolved.Add(source);
                continue;
            }

            (handlers.TryGetValue(source, out var list) ? list : handlers[source] = []).Add(target);
            handled.Add(target);
        }

        foreach (var boundary in _nodes.Values.OfType<BoundaryEvent>().Where(b => b.EventDefinition is CompensateEventDefinition).ToList())
        {
            var targets = handlers.GetValueOrDefault(boundary.Id) ?? [];
            if (targets.Count != 1)
            {
                if (targets.Count == 0 && unresolved.Contains(boundary.Id))
                {
                    continue;
                }

                Error(_ids[boundary.Id], boundary.Id, targets.Count == 0
                    ? "The compensation boundary event has no association to a compensation handler; connect it to the activity that undoes the work."
                    : $"The compensation boundary event is associated with {targets.Count} compensation handlers ({string.Join(", ", targets)}); it may have only one.");
                continue;
            }

            if (_nodes.TryGetValue(boundary.AttachedToId, out var activity) && activity is Activity attachedActivity)
            {
                if (_nodes[targets[0]].ScopeId != boundary.ScopeId)
                {
                    Error(_ids[boundary.Id], boundary.Id, "The compensation handler must lie in the same (sub-)process as the activity it compensates.");
                }

                _nodes[activity.Id] = attachedActivity with { CompensationHandlerId = targets[0] };
            }
        }

        foreach (var handler in _nodes.Values.OfType<Activity>().Where(a => a.IsForCompensation))
        {
            if (!handled.Contains(handler.Id) && !unresolved.Contains(handler.Id))
            {
                Error(_ids[handler.Id], handler.Id, "The activity is marked as compensation handler (isForCompensation), but no compensation boundary event is associated with it.");
            }

            if (handler.IncomingFlowIds.Length > 0 || handler.Outgoing.Length > 0)
            {
                Error(_ids[handler.Id], handler.Id, "A compensation handler must not have sequence flows: compensation starts it, and it ends by itself.");
            }
        }

        foreach (var thrower in _nodes.Values.Where(n => n is EndEvent or IntermediateThrowEvent))
        {
            if (((EventNode)thrower).EventDefinition is not CompensateEventDefinition { ActivityId: { } activityId })
            {
                continue;
            }

            var scope = thrower.ScopeId;
            var outer = _nodes.TryGetValue(scope, out var scopeNode) && scopeNode is EventSubProcess ? scopeNode.ScopeId : scope;
            if (!_nodes.TryGetValue(activityId, out var target) || target is not Activity { CompensationHandlerId: not null }
                || (target.ScopeId != scope && target.ScopeId != outer))
            {
                Error(_ids[thrower.Id], thrower.Id, $"The compensation event refers to '{activityId}', which is no activity with a compensation boundary event in the same scope.");
            }
        }
    }

    private bool IsCompensationBoundary(string id) =>
        _nodes.TryGetValue(id, out var node) && node is BoundaryEvent { EventDefinition: CompensateEventDefinition };

    private void ResolveLinks()
    {
        var catches = new Dictionary<(string Scope, string Name), string>();
        foreach (var node in _nodes.Values.OfType<IntermediateCatchEvent>())
        {
            if (node.EventDefinition is not LinkEventDefinition link)
            {
                continue;
            }

            if (!catches.TryAdd((node.ScopeId, link.Name), node.Id))
            {
                Error(_ids[node.Id], node.Id, $"Another link catch event in the same scope is named '{link.Name}'.");
            }

            if (node.IncomingFlowIds.Length > 0)
            {
                Error(_ids[node.Id], node.Id, "A link catch event must not have incoming sequence flows.");
            }
        }

        foreach (var node in _nodes.Values.OfType<IntermediateThrowEvent>().ToList())
        {
            if (node.EventDefinition is not LinkEventDefinition link)
            {
                continue;
            }

            if (!catches.TryGetValue((node.ScopeId, link.Name), out var target))
            {
                Error(_ids[node.Id], node.Id, $"There is no link catch event named '{link.Name}' in the same scope.");
                continue;
            }

            if (node.Outgoing.Length > 0)
            {
                Error(_ids[node.Id], node.Id, "A link throw event must not have outgoing sequence flows: it continues at its link catch event.");
            }

            _nodes[node.Id] = node with { EventDefinition = link with { TargetId = target } };
        }
    }

    private void ResolveAdHocSubProcesses()
    {
        foreach (var adHoc in _nodes.Values.OfType<AdHocSubProcess>().ToList())
        {
            var inner = _nodes.Values.Where(n => n.ScopeId == adHoc.Id).ToList();
            foreach (var end in inner.OfType<EndEvent>())
            {
                Error(_ids[end.Id], end.Id, "An ad-hoc sub-process has no end events: it completes when its activated elements have completed.");
            }

            var activatable = inner
                .Where(n => n.IncomingFlowIds.Length == 0 && n is not (BoundaryEvent or EventSubProcess or StartEvent or EndEvent)
                    && n is not Activity { IsForCompensation: true }
                    && n is not IntermediateCatchEvent { EventDefinition: LinkEventDefinition })
                .Select(n => n.Id)
                .ToImmutableArray();
            if (!inner.Any(n => n is Activity))
            {
                Error(_ids[adHoc.Id], adHoc.Id, "An ad-hoc sub-process needs at least one activity.");
            }

            _nodes[adHoc.Id] = adHoc with { ActivatableElementIds = activatable };
        }
    }

    private void ValidateGateways()
    {
        foreach (var node in _nodes.Values)
        {
            var conditional = node.Outgoing.Where(f => f.Condition is not null).ToList();
            switch (node)
            {
                case ExclusiveGateway exclusive:
                    ValidateChoice(node, exclusive.DefaultFlowId, "exclusive");
                    break;
                case InclusiveGateway inclusive:
                    ValidateChoice(node, inclusive.DefaultFlowId, "inclusive");
                    if (inclusive.IncomingFlowIds.Length > MaxInclusiveJoinInputs)
                    {
                        Error(_ids[node.Id], node.Id, $"An inclusive gateway may join at most {MaxInclusiveJoinInputs} flows.");
                    }

                    break;
                case ParallelGateway:
                    foreach (var flow in conditional)
                    {
                        Error(_ids[flow.Id], flow.Id, $"A sequence flow leaving parallel gateway '{node.Id}' must not have a condition.");
                    }

                    break;
                case EventBasedGateway:
                    ValidateEventBasedGateway(node, conditional);
                    break;
                default:
                    foreach (var flow in conditional)
                    {
                        Error(_ids[flow.Id], flow.Id, $"Conditional sequence flows are only supported after an exclusive or inclusive gateway, not after '{node.Id}'.");
                    }

                    break;
            }
        }
    }

    private void ValidateChoice(FlowNode gateway, string? defaultFlowId, string kind)
    {
        if (defaultFlowId is not null && !gateway.Outgoing.Any(f => f.Id == defaultFlowId))
        {
            Error(_ids[gateway.Id], gateway.Id, $"The default flow '{defaultFlowId}' is not an outgoing flow of this gateway.");
        }

        if (gateway.Outgoing.Length > 1)
        {
            foreach (var flow in gateway.Outgoing.Where(f => f.Condition is null && f.Id != defaultFlowId))
            {
                Error(_ids[flow.Id], flow.Id, $"The sequence flow leaves {kind} gateway '{gateway.Id}' without a condition and is not its default flow.");
            }
        }
    }

    private void ValidateEventBasedGateway(FlowNode gateway, List<SequenceFlow> conditional)
    {
        foreach (var flow in conditional)
        {
            Error(_ids[flow.Id], flow.Id, $"A sequence flow leaving event-based gateway '{gateway.Id}' must not have a condition.");
        }

        if (gateway.Outgoing.Length < 2)
        {
            Error(_ids[gateway.Id], gateway.Id, "An event-based gateway needs at least two outgoing flows, each to an event it waits for.");
        }

        foreach (var flow in gateway.Outgoing)
        {
            if (!_nodes.TryGetValue(flow.TargetId, out var target))
            {
                continue;
            }

            var ok = target is IntermediateCatchEvent { EventDefinition: TimerEventDefinition or MessageEventDefinition or SignalEventDefinition or ConditionalEventDefinition }
                || target is ReceiveTask { Loop: null };
            if (!ok)
            {
                Error(_ids[flow.Id], flow.Id, $"An event-based gateway can only lead to timer, message, signal or conditional catch events or receive tasks, not to '{target.Id}'.");
            }
        }
    }

    private void ValidateScopes()
    {
        foreach (var eventSubProcess in _nodes.Values.OfType<EventSubProcess>())
        {
            if (eventSubProcess.IncomingFlowIds.Length > 0 || eventSubProcess.Outgoing.Length > 0)
            {
                Error(_ids[eventSubProcess.Id], eventSubProcess.Id, "An event sub-process must not have sequence flows: its start event starts it.");
            }
        }

        var topLevel = _nodes.Values.OfType<StartEvent>().Where(s => s.ScopeId == _processId).ToList();
        CheckUnique(topLevel.Select(s => (s, (s.EventDefinition as MessageEventDefinition)?.Name.Text)), "message start event", "message");
        CheckUnique(topLevel.Select(s => (s, (s.EventDefinition as SignalEventDefinition)?.Name.Text)), "signal start event", "signal");
        CheckUnique(topLevel.Select(s => (s, (s.EventDefinition as ConditionalEventDefinition)?.Condition.Text.Trim())), "conditional start event", "condition");
    }

    private void CheckUnique(IEnumerable<(StartEvent Start, string? Key)> starts, string what, string keyName)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (start, key) in starts)
        {
            if (key is not null && !seen.Add(key))
            {
                Error(_ids[start.Id], start.Id, $"Another {what} of the process has the same {keyName} '{key}'.");
            }
        }
    }

    private void ValidateCatchEventUniqueness()
    {
        // A "level" is where a thrown error or escalation is looked for: the event sub-processes of a scope and the
        // boundary events attached to that scope's activity are one level (BPMN and Camunda 8).
        var catches = new List<(string Level, string Id, string Kind, string? Code)>();
        foreach (var node in _nodes.Values)
        {
            switch (node)
            {
                case StartEvent start when _nodes.TryGetValue(start.ScopeId, out var scope) && scope is EventSubProcess:
                    AddCatch(catches, scope.ScopeId, start);
                    break;
                case BoundaryEvent boundary:
                    AddCatch(catches, boundary.AttachedToId, boundary);
                    break;
            }
        }

        foreach (var group in catches.GroupBy(c => (c.Level, c.Kind)))
        {
            var codes = new HashSet<string>(StringComparer.Ordinal);
            var catchAll = 0;
            foreach (var (_, id, kind, code) in group)
            {
                if (code is null)
                {
                    if (++catchAll > 1)
                    {
                        Error(_ids[id], id, $"Another {kind} catch event in the same scope already catches every {kind}; only one may.");
                    }
                }
                else if (!codes.Add(code))
                {
                    Error(_ids[id], id, $"Another {kind} catch event in the same scope already catches the code '{code}'.");
                }
            }
        }
    }

    private static void AddCatch(List<(string, string, string, string?)> catches, string level, EventNode node)
    {
        switch (node.EventDefinition)
        {
            case ErrorEventDefinition error:
                catches.Add((level, node.Id, "error", error.StaticCode));
                break;
            case EscalationEventDefinition escalation:
                catches.Add((level, node.Id, "escalation", escalation.StaticCode));
                break;
        }
    }

    private void ValidateReachability()
    {
        foreach (var node in _nodes.Values)
        {
            var element = _ids[node.Id];
            if (node is StartEvent && node.IncomingFlowIds.Length > 0)
            {
                Error(element, node.Id, "A start event must not have incoming sequence flows.");
            }

            if (node is EndEvent && node.Outgoing.Length > 0)
            {
                Error(element, node.Id, "An end event must not have outgoing sequence flows.");
            }

            var exempt = node is StartEvent or BoundaryEvent or EventSubProcess
                || node is IntermediateCatchEvent { EventDefinition: LinkEventDefinition }
                || node is Activity { IsForCompensation: true }
                || (_scopes.TryGetValue(node.ScopeId, out var kind) && kind == ScopeKind.AdHocSubProcess);
            // Camunda 8 deploys such an element and never runs it; so does the engine, but says so.
            if (!exempt && node.IncomingFlowIds.Length == 0)
            {
                Warn(element, node.Id, "The element has no incoming sequence flow, so no token ever reaches it; it never runs.");
            }
        }
    }

    /// <summary>
    /// For each joining inclusive gateway: which of its incoming flows a token at each node of its scope can still
    /// reach without passing the gateway. The runtime lets the gateway fire once no token can reach an empty incoming
    /// flow without also being able to reach a filled one (BPMN 2.0.2, table 13.4).
    /// </summary>
    private void ComputeInclusiveJoins()
    {
        var joins = _nodes.Values.OfType<InclusiveGateway>()
            .Where(g => g.IncomingFlowIds.Length is > 1 and <= MaxInclusiveJoinInputs).ToList();
        if (joins.Count == 0)
        {
            return;
        }

        var predecessors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        void AddEdge(string from, string to) => (predecessors.TryGetValue(to, out var list) ? list : predecessors[to] = []).Add(from);
        foreach (var flow in _flows.Values)
        {
            AddEdge(flow.SourceId, flow.TargetId);
        }

        foreach (var node in _nodes.Values)
        {
            switch (node)
            {
                case BoundaryEvent boundary:
                    AddEdge(boundary.AttachedToId, boundary.Id);
                    break;
                case IntermediateThrowEvent { EventDefinition: LinkEventDefinition { TargetId: { } target } }:
                    AddEdge(node.Id, target);
                    break;
            }
        }

        foreach (var gateway in joins)
        {
            var reach = new Dictionary<string, ulong>(StringComparer.Ordinal);
            for (var index = 0; index < gateway.IncomingFlowIds.Length; index++)
            {
                var bit = 1UL << index;
                var stack = new Stack<string>();
                var visited = new HashSet<string>(StringComparer.Ordinal);
                stack.Push(_flows[gateway.IncomingFlowIds[index]].SourceId);
                while (stack.TryPop(out var current))
                {
                    if (current == gateway.Id || !visited.Add(current))
                    {
                        continue;
                    }

                    reach[current] = reach.GetValueOrDefault(current) | bit;
                    foreach (var previous in predecessors.GetValueOrDefault(current) ?? [])
                    {
                        stack.Push(previous);
                    }
                }
            }

            _nodes[gateway.Id] = gateway with { UpstreamReach = reach.ToFrozenDictionary(StringComparer.Ordinal) };
        }
    }
}
