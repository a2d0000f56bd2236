using ProzessEngine.Bpmn.Model;
using ProzessEngine.Core.Execution;
using ProzessEngine.Core.State;

namespace ProzessEngine.Core.Behaviors;

/// <summary>
/// Takes the first outgoing flow, in document order, whose condition is true; else the default flow. No match and no
/// default flow, or a condition that is not true/false, is an incident.
/// </summary>
internal sealed class ExclusiveGatewayBehavior : IElementBehavior
{
    public void Activate(CommandExecution context, ElementInstance element, FlowNode node) => context.Complete(element);

    public void Leave(CommandExecution context, ElementInstance element, FlowNode node)
    {
        var gateway = (ExclusiveGateway)node;
        SequenceFlow? chosen = null;
        SequenceFlow? defaultFlow = null;
        foreach (var flow in gateway.Outgoing)
        {
            if (flow.Id == gateway.DefaultFlowId)
            {
                defaultFlow = flow;
                continue;
            }

            if (flow.Condition is null || context.EvaluateCondition(flow, element))
            {
                chosen = flow;
                break;
            }
        }

        chosen ??= defaultFlow ?? throw new IncidentException(IncidentErrorType.ConditionNoMatch,
            $"No condition of exclusive gateway '{gateway.Id}' is true and it has no default flow.");
        context.TakeFlow(chosen);
    }
}
