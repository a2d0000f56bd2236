using ProzessEngine.Bpmn.Model;
using ProzessEngine.Core.Execution;
using ProzessEngine.Core.State;

namespace ProzessEngine.Core.Behaviors;

/// <summary>
/// A boundary event is activated only when its trigger happened (the attached activity already terminated if it
/// interrupts); it merges the trigger's variables and leaves on its outgoing flows.
/// </summary>
internal sealed class BoundaryEventBehavior : IElementBehavior
{
    public void Activate(CommandExecution context, ElementInstance element, FlowNode node)
    {
        if (CommandExecution.TryTakeTrigger(element, out var variables))
        {
            context.MergeCompletionVariables(element, node, variables);
        }

        context.Complete(element);
    }
}
