using ProzessEngine.Bpmn.Model;
using ProzessEngine.Core.Execution;
using ProzessEngine.Core.State;

namespace ProzessEngine.Core.Behaviors;

/// <summary>
/// An escalation end or intermediate throw event: escalates to the enclosing scopes and continues, unless an
/// interrupting catch event ended the scope it is in.
/// </summary>
internal sealed class EscalationThrowEventBehavior : IElementBehavior
{
    public void Activate(CommandExecution context, ElementInstance element, FlowNode node)
    {
        var definition = (EscalationEventDefinition)((EventNode)node).EventDefinition!;
        var code = context.EvaluateString(definition.Code!, element, "escalation code");
        context.ThrowEscalation(element, throwerIsActivity: false, code, CommandExecution.LocalVariables(element));
        if (context.Instance.Contains(element))
        {
            context.Complete(element);
        }
    }
}
