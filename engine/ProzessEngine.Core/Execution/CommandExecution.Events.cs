using System.Globalization;
using ProzessEngine.Bpmn.Model;
using ProzessEngine.Core.Intents;
using ProzessEngine.Core.Journal;
using ProzessEngine.Core.State;
using ProzessEngine.Feel;

namespace ProzessEngine.Core.Execution;

/// <summary>Event subscriptions: opening them with their scope, closing them with it, and what a trigger does.</summary>
internal sealed partial class CommandExecution
{
    // Filled and emptied within one step (an event-based gateway's choice reaching its event), so never part of the state.
    private Dictionary<(long Scope, string ElementId), IReadOnlyList<KeyValuePair<string, FeelValue>>?>? _arrivals;
    private bool _conditionsDirty;

    // ---------------------------------------------------------------- triggers handed to the triggered element

    /// <summary>
    /// Marks <paramref name="element"/> as triggered: when it activates it completes at once with these variables. The
    /// trigger is kept on the element (in the state) until its activation succeeds.
    /// </summary>
    public static void SetTrigger(ElementInstance element, IReadOnlyList<KeyValuePair<string, FeelValue>>? variables) =>
        element.Trigger = new PendingTrigger(variables, null);

    public static bool TryTakeTrigger(ElementInstance element, out IReadOnlyList<KeyValuePair<string, FeelValue>>? variables)
    {
        if (element.Trigger is { GatewayTargetId: null } trigger)
        {
            variables = trigger.Variables;
            return true;
        }

        variables = null;
        return false;
    }

    /// <summary>The next activation of <paramref name="elementId"/> in the scope is triggered (an event after an event-based gateway).</summary>
    public void ExpectArrival(long scopeKey, string elementId, IReadOnlyList<KeyValuePair<string, FeelValue>>? variables) =>
        (_arrivals ??= [])[(scopeKey, elementId)] = variables;

    public static (string TargetId, IReadOnlyList<KeyValuePair<string, FeelValue>>? Variables) TakeGatewayChoice(ElementInstance gateway)
    {
        if (gateway.Trigger is not { GatewayTargetId: { } targetId } choice)
        {
            throw new InvalidOperationException($"Event-based gateway {gateway.Key} completed without a triggered event.");
        }

        gateway.Trigger = null;
        return (targetId, choice.Variables);
    }

    // ---------------------------------------------------------------- opening and closing

    public void OpenBoundarySubscriptions(ElementInstance activity, FlowNode node)
    {
        if (node is not Activity { BoundaryEventIds.IsEmpty: false } withBoundaries)
        {
            return;
        }

        foreach (var id in withBoundaries.BoundaryEventIds)
        {
            var boundary = (BoundaryEvent)Model.GetNode(id);
            OpenSubscription(activity.Key, activity, boundary, boundary.EventDefinition!, boundary.CancelActivity);
        }
    }

    /// <summary>Opens the subscriptions of the event sub-processes directly inside a scope (the process when <paramref name="scope"/> is null).</summary>
    public void OpenEventSubProcessSubscriptions(long ownerKey, string scopeId, ElementInstance? scope)
    {
        if (!Model.EventSubProcessesByScope.TryGetValue(scopeId, out var eventSubProcesses))
        {
            return;
        }

        foreach (var id in eventSubProcesses)
        {
            var start = (StartEvent)Model.GetNode(((EventSubProcess)Model.GetNode(id)).StartEventId);
            OpenSubscription(ownerKey, scope, start, start.EventDefinition!, start.IsInterrupting);
        }
    }

    /// <summary>Opens what the event waits for; errors, escalations and compensation need no subscription.</summary>
    public EventSubscription? OpenSubscription(long ownerKey, ElementInstance? scope, FlowNode eventNode, EventDefinition definition, bool interrupting)
    {
        switch (definition)
        {
            case TimerEventDefinition timer:
                return ScheduleTimer(ownerKey, scope, eventNode.Id, timer, repeating: !interrupting);
            case MessageEventDefinition message:
                var name = EvaluateString(message.Name, scope, "message name");
                var correlationKey = EvaluateCorrelationKey(message.CorrelationKey!, scope);
                var messageSubscription = Subscribe(SubscriptionKind.Message, ownerKey, eventNode.Id);
                AddIntent(new MessageSubscriptionOpened(messageSubscription.Key, ownerKey, eventNode.Id, name, correlationKey, interrupting));
                return messageSubscription;
            case SignalEventDefinition signal:
                var signalName = EvaluateString(signal.Name, scope, "signal name");
                var signalSubscription = Subscribe(SubscriptionKind.Signal, ownerKey, eventNode.Id);
                AddIntent(new SignalSubscriptionOpened(signalSubscription.Key, ownerKey, eventNode.Id, signalName, interrupting));
                return signalSubscription;
            case ConditionalEventDefinition:
                // Evaluated after the current step, so it sees the element's input mappings (and a condition that is
                // already true triggers at once).
                _conditionsDirty = true;
                return Subscribe(SubscriptionKind.Conditional, ownerKey, eventNode.Id);
            default:
                return null;
        }
    }

    public EventSubscription ScheduleTimer(long ownerKey, ElementInstance? scope, string eventId, TimerEventDefinition timer, bool repeating)
    {
        var plan = TimerCalculator.Plan(this, timer, scope);
        var subscription = Subscribe(SubscriptionKind.Timer, ownerKey, eventId);
        subscription.DueAt = plan.DueAt;
        if (repeating && plan.Cycle is not null)
        {
            subscription.Cycle = plan.Cycle;
            subscription.RemainingRepetitions = plan.RemainingRepetitions;
        }

        AnnounceTimer(subscription);
        return subscription;
    }

    private void AnnounceTimer(EventSubscription timer)
    {
        AddIntent(new TimerScheduled(timer.Key, timer.OwnerKey, timer.ElementId, timer.DueAt!.Value));
        Record(JournalEventKind.TimerScheduled, timer.ElementId, timer.OwnerKey, timer.DueAt.Value.ToString("O", CultureInfo.InvariantCulture));
    }

    private EventSubscription Subscribe(SubscriptionKind kind, long ownerKey, string elementId)
    {
        var subscription = new EventSubscription(NextKey(), kind, ownerKey, elementId);
        Instance.AddSubscription(subscription);
        return subscription;
    }

    public void CloseSubscriptionsOf(long ownerKey, Func<EventSubscription, bool>? filter = null)
    {
        List<EventSubscription>? closing = null;
        foreach (var subscription in Instance.Subscriptions)
        {
            if (subscription.OwnerKey == ownerKey && (filter is null || filter(subscription)))
            {
                (closing ??= []).Add(subscription);
            }
        }

        if (closing is null)
        {
            return;
        }

        foreach (var subscription in closing)
        {
            CloseSubscription(subscription);
        }
    }

    public void CloseSubscription(EventSubscription subscription)
    {
        if (!Instance.RemoveSubscription(subscription))
        {
            return;
        }

        switch (subscription.Kind)
        {
            case SubscriptionKind.Timer:
                AddIntent(new TimerCanceled(subscription.Key, subscription.OwnerKey, subscription.ElementId));
                break;
            case SubscriptionKind.Message:
                AddIntent(new MessageSubscriptionClosed(subscription.Key, subscription.OwnerKey, subscription.ElementId));
                break;
            case SubscriptionKind.Signal:
                AddIntent(new SignalSubscriptionClosed(subscription.Key, subscription.OwnerKey, subscription.ElementId));
                break;
        }
    }

    /// <summary>Removes a fired timer without withdrawing it (it is consumed, not cancelled).</summary>
    public void ConsumeSubscription(EventSubscription subscription) => Instance.RemoveSubscription(subscription);

    public bool IsEventSubProcessStart(string elementId) =>
        Model.GetNode(elementId) is StartEvent start && Model.Nodes.TryGetValue(start.ScopeId, out var scope) && scope is EventSubProcess;

    /// <summary>Non-interrupting boundary events and event sub-processes can trigger again; everything else triggers once.</summary>
    public bool IsRepeatable(EventSubscription subscription) => Model.GetNode(subscription.ElementId) switch
    {
        BoundaryEvent boundary => !boundary.CancelActivity,
        StartEvent start => !start.IsInterrupting,
        _ => false,
    };

    /// <summary>The owner of a subscription, or null when the owner is the process scope; false when the subscription is stale.</summary>
    public bool TryGetOwner(EventSubscription subscription, out ElementInstance? owner)
    {
        if (subscription.OwnerKey == Instance.Key)
        {
            owner = null;
            return Instance.Status == InstanceStatus.Active;
        }

        owner = Instance.FindElement(subscription.OwnerKey);
        return owner is not null && owner.State != ElementState.Completing;
    }

    // ---------------------------------------------------------------- triggering

    /// <summary>
    /// An event happened for the subscription: a timer fired, a message or signal arrived, a condition became true.
    /// One-shot subscriptions are consumed; what follows depends on whom the subscription belongs to.
    /// </summary>
    public void Trigger(EventSubscription subscription, IReadOnlyList<KeyValuePair<string, FeelValue>>? variables)
    {
        if (!TryGetOwner(subscription, out var owner))
        {
            return;
        }

        if (!IsRepeatable(subscription))
        {
            CloseSubscription(subscription);
        }

        var eventNode = Model.GetNode(subscription.ElementId);
        switch (eventNode)
        {
            case BoundaryEvent boundary:
                TriggerBoundary(owner!, boundary, variables);
                break;
            case StartEvent start when IsEventSubProcessStart(start.Id):
                TriggerEventSubProcess(subscription.OwnerKey, start, variables);
                break;
            default:
                if (owner is null)
                {
                    return;
                }

                if (NodeOf(owner) is EventBasedGateway)
                {
                    CloseSubscriptionsOf(owner.Key);
                    owner.Trigger = new PendingTrigger(variables, eventNode.Id);
                    Complete(owner);
                }
                else
                {
                    // The catch event or receive task itself.
                    MergeCompletionVariables(owner, NodeOf(owner), variables);
                    Complete(owner);
                }

                break;
        }
    }

    public void TriggerBoundary(ElementInstance activity, BoundaryEvent boundary, IReadOnlyList<KeyValuePair<string, FeelValue>>? variables)
    {
        if (boundary.CancelActivity)
        {
            TerminateElement(activity);
        }

        SetTrigger(ActivateNode(boundary, activity.ScopeKey), variables);
    }

    public void TriggerEventSubProcess(long scopeKey, StartEvent start, IReadOnlyList<KeyValuePair<string, FeelValue>>? variables)
    {
        var eventSubProcess = Model.GetNode(start.ScopeId);
        if (start.IsInterrupting)
        {
            CloseSubscriptionsOf(scopeKey, s => IsEventSubProcessStart(s.ElementId));
            TerminateChildren(scopeKey);
        }

        SetTrigger(ActivateNode(eventSubProcess, scopeKey), variables);
    }

    /// <summary>
    /// A repeating timer fired: schedule its next occurrence after now under a new key, unless its repetitions are used
    /// up. Occurrences missed while it could not fire are not made up (<see cref="Bpmn.TimerCycle.NextDueAfter"/>).
    /// </summary>
    public void RescheduleIfRepeating(EventSubscription fired)
    {
        if (fired.Cycle is null || fired.RemainingRepetitions == 0 || !IsRepeatable(fired)
            || !Bpmn.TimerCycle.TryParse(fired.Cycle, out var cycle, out _))
        {
            return;
        }

        var next = cycle!.NextDueAfter(fired.DueAt!.Value, Now, Services.DefaultTimeZone);
        if (next is null)
        {
            return;
        }

        var timer = Subscribe(SubscriptionKind.Timer, fired.OwnerKey, fired.ElementId);
        timer.DueAt = next;
        timer.Cycle = fired.Cycle;
        timer.RemainingRepetitions = fired.RemainingRepetitions < 0 ? -1 : fired.RemainingRepetitions - 1;
        AnnounceTimer(timer);
    }

    // ---------------------------------------------------------------- conditions

    /// <summary>
    /// Evaluates every open condition in the scope it sees and triggers those that became true. A condition that
    /// cannot be evaluated yet (a variable that does not exist) counts as false.
    /// </summary>
    private void EvaluateConditions()
    {
        _variablesChanged = false;
        _conditionsDirty = false;
        var conditions = new List<EventSubscription>();
        foreach (var subscription in Instance.Subscriptions)
        {
            if (subscription.Kind == SubscriptionKind.Conditional)
            {
                conditions.Add(subscription);
            }
        }

        foreach (var subscription in conditions)
        {
            if (!ReferenceEquals(Instance.FindSubscription(subscription.Key), subscription) || !TryGetOwner(subscription, out var owner))
            {
                continue;
            }

            var definition = (ConditionalEventDefinition)((EventNode)Model.GetNode(subscription.ElementId)).EventDefinition!;
            var result = Evaluate(definition.Condition, owner);
            var isTrue = result.TryGetBoolean(out var value) && value;
            if (isTrue && !subscription.ConditionWasTrue)
            {
                subscription.ConditionWasTrue = true;
                Trigger(subscription, null);
            }
            else if (!isTrue)
            {
                subscription.ConditionWasTrue = false;
            }
        }
    }
}
