using ProzessEngine.Bpmn.Model;
using ProzessEngine.Core.Execution;
using ProzessEngine.Core.State;

namespace ProzessEngine.Core.Behaviors;

/// <summary>
/// Terminates every other token of its own scope; the scope then completes normally (a sub-process continues on its
/// outgoing flows, the process completes). Outer scopes are not affected.
/// </summary>
internal sealed class TerminateEndEventBehavior : IElementBehavior
{
    public void Activate(CommandExecution context, ElementInstance element, FlowNode node)
    {
        context.TerminateChildren(element.ScopeKey, except: element);
        context.Complete(element);
    }
}
