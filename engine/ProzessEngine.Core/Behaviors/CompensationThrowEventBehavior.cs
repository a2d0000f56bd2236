using ProzessEngine.Bpmn.Model;
using ProzessEngine.Core.Execution;
using ProzessEngine.Core.State;

namespace ProzessEngine.Core.Behaviors;

/// <summary>
/// A compensation end or intermediate throw event: invokes the compensation handlers of the completed activities of
/// its scope (or of one activity) and waits, as their scope, until they have all completed.
/// </summary>
internal sealed class CompensationThrowEventBehavior : IElementBehavior
{
    public void Activate(CommandExecution context, ElementInstance element, FlowNode node) =>
        context.ThrowCompensation(element, (CompensateEventDefinition)((EventNode)node).EventDefinition!);
}
