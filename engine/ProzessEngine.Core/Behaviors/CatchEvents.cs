using ProzessEngine.Bpmn.Model;
using ProzessEngine.Core.Execution;
using ProzessEngine.Core.State;

namespace ProzessEngine.Core.Behaviors;

/// <summary>What the catching elements share: after an event-based gateway they arrive triggered; otherwise they subscribe and wait.</summary>
internal static class CatchEvents
{
    public static void WaitFor(CommandExecution context, ElementInstance element, FlowNode node, EventDefinition definition)
    {
        if (CommandExecution.TryTakeTrigger(element, out var variables))
        {
            context.MergeCompletionVariables(element, node, variables);
            context.Complete(element);
            return;
        }

        context.OpenSubscription(element.Key, element, node, definition, interrupting: true);
        element.State = ElementState.Waiting;
    }
}
