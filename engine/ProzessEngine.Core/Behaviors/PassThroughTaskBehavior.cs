using ProzessEngine.Bpmn.Model;
using ProzessEngine.Core.Execution;
using ProzessEngine.Core.State;

namespace ProzessEngine.Core.Behaviors;

/// <summary>A manual task or a task without type: the engine has nothing to do and passes the token on (Camunda 8).</summary>
internal sealed class PassThroughTaskBehavior : IElementBehavior
{
    public void Activate(CommandExecution context, ElementInstance element, FlowNode node) => context.Complete(element);
}
