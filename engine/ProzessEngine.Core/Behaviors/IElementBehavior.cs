using ProzessEngine.Bpmn.Model;
using ProzessEngine.Core.Execution;
using ProzessEngine.Core.State;

namespace ProzessEngine.Core.Behaviors;

/// <summary>What one kind of BPMN element does when a token arrives, leaves, is cancelled, or (for scopes) when a child completes.</summary>
internal interface IElementBehavior
{
    /// <summary>Starts the element: either completes it at once (<see cref="CommandExecution.Complete"/>) or leaves it waiting.</summary>
    void Activate(CommandExecution context, ElementInstance element, FlowNode node);

    /// <summary>Chooses the outgoing sequence flows when the element completes.</summary>
    void Leave(CommandExecution context, ElementInstance element, FlowNode node) => context.TakeAllOutgoing(node);

    /// <summary>Withdraws what the element waits for (task, job, child instance) when its token is cancelled.</summary>
    void Terminate(CommandExecution context, ElementInstance element, FlowNode node)
    {
    }

    /// <summary>A child of this scope completed; by default the scope completes when it has no children left.</summary>
    void ChildDone(CommandExecution context, ElementInstance element, FlowNode node)
    {
        if (!context.Instance.HasChildren(element.Key))
        {
            context.Complete(element);
        }
    }
}
