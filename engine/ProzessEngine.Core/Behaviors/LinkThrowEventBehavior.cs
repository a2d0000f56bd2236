using ProzessEngine.Bpmn.Model;
using ProzessEngine.Core.Execution;
using ProzessEngine.Core.State;

namespace ProzessEngine.Core.Behaviors;

/// <summary>A link throw event continues at the link catch event of the same name in its scope.</summary>
internal sealed class LinkThrowEventBehavior : IElementBehavior
{
    public void Activate(CommandExecution context, ElementInstance element, FlowNode node) => context.Complete(element);

    public void Leave(CommandExecution context, ElementInstance element, FlowNode node)
    {
        var link = (LinkEventDefinition)((EventNode)node).EventDefinition!;
        context.JumpTo(context.Model.GetNode(link.TargetId!));
    }
}
