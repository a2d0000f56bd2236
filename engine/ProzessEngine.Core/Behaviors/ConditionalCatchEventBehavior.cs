using ProzessEngine.Bpmn.Model;
using ProzessEngine.Core.Execution;
using ProzessEngine.Core.State;

namespace ProzessEngine.Core.Behaviors;

/// <summary>
/// An intermediate conditional catch event waits until its condition is true; a condition that is true when the
/// token arrives lets it pass at once.
/// </summary>
internal sealed class ConditionalCatchEventBehavior : IElementBehavior
{
    public void Activate(CommandExecution context, ElementInstance element, FlowNode node)
    {
        if (context.TryTakeTrigger(element, out _))
        {
            context.Complete(element);
            return;
        }

        context.OpenSubscription(element.Key, element, node, ((EventNode)node).EventDefinition!, interrupting: true);
        element.State = ElementState.Waiting;
    }
}
