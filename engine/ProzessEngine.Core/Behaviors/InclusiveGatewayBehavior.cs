using ProzessEngine.Bpmn.Model;
using ProzessEngine.Core.Execution;
using ProzessEngine.Core.State;

namespace ProzessEngine.Core.Behaviors;

/// <summary>
/// Forks into every outgoing flow whose condition is true (the default flow when none is); no true condition and no
/// default flow is an incident. Joining happens before activation: the context activates the gateway once every token
/// that can still arrive has arrived.
/// </summary>
internal sealed class InclusiveGatewayBehavior : IElementBehavior
{
    public void Activate(CommandExecution context, ElementInstance element, FlowNode node) => context.Complete(element);

    public void Leave(CommandExecution context, ElementInstance element, FlowNode node)
    {
        var gateway = (InclusiveGateway)node;
        SequenceFlow? defaultFlow = null;
        var taken = 0;
        foreach (var flow in gateway.Outgoing)
        {
            if (flow.Id == gateway.DefaultFlowId)
            {
                defaultFlow = flow;
                continue;
            }

            if (flow.Condition is null || context.EvaluateCondition(flow, element))
            {
                context.TakeFlow(flow);
                taken++;
            }
        }

        if (taken == 0)
        {
            context.TakeFlow(defaultFlow ?? throw new IncidentException(IncidentErrorType.ConditionNoMatch,
                $"No condition of inclusive gateway '{gateway.Id}' is true and it has no default flow."));
        }
    }
}
