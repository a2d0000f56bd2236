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
    public void Activate(CommandExecution context, ElementInstance element, FlowNode node) =>
        CatchEvents.WaitFor(context, element, node, ((EventNode)node).EventDefinition!);
}
