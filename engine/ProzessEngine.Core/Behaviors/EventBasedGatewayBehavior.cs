using ProzessEngine.Bpmn.Model;
using ProzessEngine.Core.Execution;
using ProzessEngine.Core.State;

namespace ProzessEngine.Core.Behaviors;

/// <summary>
/// Waits for the first of the events after it (timer, message, signal, condition, receive task). The first one to
/// happen wins: the other subscriptions close, and the token goes on to that event, which completes at once.
/// </summary>
internal sealed class EventBasedGatewayBehavior : IElementBehavior
{
    public void Activate(CommandExecution context, ElementInstance element, FlowNode node)
    {
        foreach (var flow in node.Outgoing)
        {
            var target = context.Model.GetNode(flow.TargetId);
            var definition = target is ReceiveTask receive ? receive.Message : ((EventNode)target).EventDefinition!;
            context.OpenSubscription(element.Key, element, target, definition, interrupting: true);
        }

        element.State = ElementState.Waiting;
    }

    public void Leave(CommandExecution context, ElementInstance element, FlowNode node)
    {
        var (targetId, variables) = CommandExecution.TakeGatewayChoice(element);
        foreach (var flow in node.Outgoing)
        {
            if (flow.TargetId == targetId)
            {
                context.TakeFlow(flow);
                context.ExpectArrival(element.ScopeKey, targetId, variables);
                return;
            }
        }
    }
}
