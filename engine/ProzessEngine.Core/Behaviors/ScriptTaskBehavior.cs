using ProzessEngine.Bpmn.Model;
using ProzessEngine.Core.Execution;
using ProzessEngine.Core.State;

namespace ProzessEngine.Core.Behaviors;

/// <summary>A script task with zeebe:script: evaluates the FEEL expression and delivers the result as its result variable.</summary>
internal sealed class ScriptTaskBehavior : IElementBehavior
{
    public void Activate(CommandExecution context, ElementInstance element, FlowNode node)
    {
        var script = ((ScriptTask)node).Script!;
        var result = context.Evaluate(script.Expression, element);
        if (result.IsNull && context.DescribeWarnings().Length > 0)
        {
            throw new IncidentException(IncidentErrorType.ExpressionEvaluation,
                $"The script '{script.Expression.StaticText}' failed{context.DescribeWarnings()}.");
        }

        context.MergeCompletionVariables(element, node, [new(script.ResultVariable, result)]);
        context.Complete(element);
    }
}
