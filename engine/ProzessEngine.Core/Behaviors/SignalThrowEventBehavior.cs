using ProzessEngine.Bpmn.Model;
using ProzessEngine.Core.Execution;
using ProzessEngine.Core.Intents;
using ProzessEngine.Core.Journal;
using ProzessEngine.Core.State;

namespace ProzessEngine.Core.Behaviors;

/// <summary>
/// Broadcasts its signal, with the event's local variables, to every waiting subscription and signal start event;
/// continues. A broadcast beyond Engine:Limits (the depth of the instances it would start or trigger, the receivers the
/// signals of the command would reach) is an incident on the event instead.
/// </summary>
internal sealed class SignalThrowEventBehavior : IElementBehavior
{
    public void Activate(CommandExecution context, ElementInstance element, FlowNode node)
    {
        var definition = (SignalEventDefinition)((EventNode)node).EventDefinition!;
        var name = context.EvaluateString(definition.Name, element, "signal name");
        var depth = context.DepthOfThrown($"The signal '{name}'");
        context.CountSignalDeliveries(name);
        context.AddIntent(new SignalBroadcastRequested(element.Key, node.Id, name, CommandExecution.LocalVariables(element), depth));
        context.Record(JournalEventKind.SignalBroadcast, node.Id, element.Key, name);
        context.Complete(element);
    }
}
