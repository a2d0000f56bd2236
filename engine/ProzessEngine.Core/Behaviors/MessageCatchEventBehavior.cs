using ProzessEngine.Bpmn.Model;
using ProzessEngine.Core.Execution;
using ProzessEngine.Core.State;

namespace ProzessEngine.Core.Behaviors;

/// <summary>An intermediate message catch event: subscribes to its message (name and correlation key) and waits for it.</summary>
internal sealed class MessageCatchEventBehavior : IElementBehavior
{
    public void Activate(CommandExecution context, ElementInstance element, FlowNode node) =>
        CatchEvents.WaitFor(context, element, node, ((EventNode)node).EventDefinition!);
}
