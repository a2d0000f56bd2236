using ProzessEngine.Bpmn.Model;
using ProzessEngine.Core.Execution;
using ProzessEngine.Core.Intents;
using ProzessEngine.Core.Journal;
using ProzessEngine.Core.State;
using ProzessEngine.Feel;

namespace ProzessEngine.Core.Behaviors;

/// <summary>
/// Asks for a child instance of the called process (with the variables of its scope, or only its input mappings) and
/// waits until the child completes, hands up an error, or is cancelled with the call activity. A child deeper than
/// Engine:Limits:MaxCallDepth is an incident on the call activity instead.
/// </summary>
internal sealed class CallActivityBehavior : IElementBehavior
{
    public void Activate(CommandExecution context, ElementInstance element, FlowNode node)
    {
        var called = ((CallActivity)node).CalledElement;
        var processId = context.EvaluateString(called.ProcessId, element, "called process id");
        var depth = context.DepthOfChild(processId);
        IReadOnlyList<KeyValuePair<string, FeelValue>> variables = called.PropagateAllParentVariables
            ? context.VisibleVariables(element)
            : CommandExecution.LocalVariables(element);
        var childKey = context.NextKey();
        element.ChildInstanceKey = childKey;
        element.State = ElementState.Waiting;
        context.AddIntent(new ChildInstanceRequested(childKey, element.Key, node.Id, processId, called.Binding, called.VersionTag, variables,
            context.LinkForChild(element), depth));
        context.Record(JournalEventKind.ChildInstanceRequested, node.Id, element.Key, $"{processId} as {childKey}");
    }

    public void Terminate(CommandExecution context, ElementInstance element, FlowNode node)
    {
        if (element.ChildInstanceKey is { } child)
        {
            context.AddIntent(new ChildInstanceCancelRequested(child, element.Key, node.Id));
            element.ChildInstanceKey = null;
        }
    }
}
