using ProzessEngine.Bpmn.Model;
using ProzessEngine.Core.Execution;
using ProzessEngine.Core.State;

namespace ProzessEngine.Core.Behaviors;

/// <summary>An intermediate signal catch event: subscribes to its signal and waits for a broadcast.</summary>
internal sealed class SignalCatchEventBehavior : IElementBehavior
{
    public void Activate(CommandExecution context, ElementInstance element, FlowNode node) =>
        CatchEvents.WaitFor(context, element, node, ((EventNode)node).EventDefinition!);
}
