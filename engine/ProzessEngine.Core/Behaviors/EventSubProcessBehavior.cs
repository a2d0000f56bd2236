using ProzessEngine.Bpmn.Model;
using ProzessEngine.Core.Execution;
using ProzessEngine.Core.State;

namespace ProzessEngine.Core.Behaviors;

/// <summary>
/// An event sub-process, activated when its start event's trigger happened in the enclosing scope: starts at that start
/// event (which brings the trigger's variables) and completes when no token is left inside. It has no outgoing flows.
/// </summary>
internal sealed class EventSubProcessBehavior : IElementBehavior
{
    public void Activate(CommandExecution context, ElementInstance element, FlowNode node)
    {
        element.State = ElementState.Waiting;
        CommandExecution.TryTakeTrigger(element, out var variables);
        var start = context.ActivateNode(context.Model.GetNode(((EventSubProcess)node).StartEventId), element.Key);
        CommandExecution.SetTrigger(start, variables);
    }
}
