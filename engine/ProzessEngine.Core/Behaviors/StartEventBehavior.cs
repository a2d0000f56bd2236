using ProzessEngine.Bpmn.Model;
using ProzessEngine.Core.Execution;
using ProzessEngine.Core.State;

namespace ProzessEngine.Core.Behaviors;

/// <summary>A start event passes the token on; a triggered one (message, signal, timer, error...) brings the trigger's variables.</summary>
internal sealed class StartEventBehavior : IElementBehavior
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
