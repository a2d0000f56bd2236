using ProzessEngine.Bpmn.Model;
using ProzessEngine.Core.Execution;
using ProzessEngine.Core.State;

namespace ProzessEngine.Core.Behaviors;

/// <summary>A receive task waits for its message like a message catch event, and can carry boundary events.</summary>
internal sealed class ReceiveTaskBehavior : IElementBehavior
{
    public void Activate(CommandExecution context, ElementInstance element, FlowNode node) =>
        CatchEvents.WaitFor(context, element, node, ((ReceiveTask)node).Message);
}
