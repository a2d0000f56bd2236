using ProzessEngine.Bpmn.Model;
using ProzessEngine.Core.Execution;
using ProzessEngine.Core.State;

namespace ProzessEngine.Core.Behaviors;

/// <summary>An embedded sub-process: a scope that starts at its none start event and completes when no token is left inside.</summary>
internal sealed class SubProcessBehavior : IElementBehavior
{
    public void Activate(CommandExecution context, ElementInstance element, FlowNode node)
    {
        element.State = ElementState.Waiting;
        context.ActivateNode(context.Model.GetNode(((SubProcess)node).StartEventId), element.Key);
    }
}
