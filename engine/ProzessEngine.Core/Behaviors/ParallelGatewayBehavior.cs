using ProzessEngine.Bpmn.Model;
using ProzessEngine.Core.Execution;
using ProzessEngine.Core.State;

namespace ProzessEngine.Core.Behaviors;

/// <summary>
/// Forks into every outgoing flow. Joining happens before activation: the context activates the gateway only once
/// a token has arrived on each incoming flow.
/// </summary>
internal sealed class ParallelGatewayBehavior : IElementBehavior
{
    public void Activate(CommandExecution context, ElementInstance element, FlowNode node) => context.Complete(element);
}
