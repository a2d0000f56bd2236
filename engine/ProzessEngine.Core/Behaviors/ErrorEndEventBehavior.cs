using ProzessEngine.Bpmn.Model;
using ProzessEngine.Core.Execution;
using ProzessEngine.Core.State;

namespace ProzessEngine.Core.Behaviors;

/// <summary>
/// Throws its error with the end event's local variables (from input mappings). The catching scope ends this token;
/// an error no one catches is an incident on the end event.
/// </summary>
internal sealed class ErrorEndEventBehavior : IElementBehavior
{
    public void Activate(CommandExecution context, ElementInstance element, FlowNode node)
    {
        var definition = (ErrorEventDefinition)((EventNode)node).EventDefinition!;
        var code = context.EvaluateString(definition.Code!, element, "error code");
        context.ThrowError(element, throwerIsActivity: false, code, null, CommandExecution.LocalVariables(element));
    }
}
