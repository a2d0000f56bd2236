using ProzessEngine.Bpmn.Model;
using ProzessEngine.Core.Execution;
using ProzessEngine.Core.State;

namespace ProzessEngine.Core.Behaviors;

/// <summary>A link catch event is where a link throw event continues; it passes the token on.</summary>
internal sealed class LinkCatchEventBehavior : IElementBehavior
{
    public void Activate(CommandExecution context, ElementInstance element, FlowNode node) => context.Complete(element);
}
