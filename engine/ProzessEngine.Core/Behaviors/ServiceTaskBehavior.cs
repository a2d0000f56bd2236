using System.Globalization;
using ProzessEngine.Bpmn.Model;
using ProzessEngine.Core.Execution;
using ProzessEngine.Core.Intents;
using ProzessEngine.Core.Journal;
using ProzessEngine.Core.State;

namespace ProzessEngine.Core.Behaviors;

/// <summary>
/// Creates a job of the task's type. A job type with an inline handler runs within the command; any other waits for
/// a job worker to complete or fail it.
/// </summary>
internal sealed class ServiceTaskBehavior : IElementBehavior
{
    public void Activate(CommandExecution context, ElementInstance element, FlowNode node)
    {
        var task = (ServiceTask)node;
        var type = context.EvaluateString(task.TaskDefinition.Type, element, "job type");
        if (context.Services.InlineJobHandlers.TryGetValue(type, out var handler))
        {
            RunInline(context, element, task, type, handler);
            return;
        }

        CreateJob(context, element, task, type);
    }

    public void Terminate(CommandExecution context, ElementInstance element, FlowNode node)
    {
        if (element.JobKey is { } key)
        {
            context.AddIntent(new JobCanceled(key, element.Key, node.Id));
            element.JobKey = null;
        }
    }

    internal static void CreateJob(CommandExecution context, ElementInstance element, ServiceTask task, string type)
    {
        var retries = EvaluateRetries(context, element, task);
        var key = context.NextKey();
        element.JobKey = key;
        element.State = ElementState.Waiting;
        context.AddIntent(new JobCreated(key, element.Key, task.Id, type, retries, task.TaskHeaders));
        context.Record(JournalEventKind.JobCreated, task.Id, element.Key, type);
    }

    private static void RunInline(CommandExecution context, ElementInstance element, ServiceTask task, string type, IInlineJobHandler handler)
    {
        IReadOnlyList<KeyValuePair<string, Feel.FeelValue>>? output;
        try
        {
            output = handler.Execute(new InlineJobContext(type, task.Id, context.VariablesAt(element), task.TaskHeaders));
        }
        catch (Exception ex) when (ex is not IncidentException)
        {
            throw new IncidentException(IncidentErrorType.JobNoRetries, $"The job of type '{type}' failed: {ex.Message}");
        }

        context.MergeCompletionVariables(element, task, output);
        context.Complete(element);
    }

    private static int EvaluateRetries(CommandExecution context, ElementInstance element, ServiceTask task)
    {
        var retries = task.TaskDefinition.Retries;
        if (!retries.IsExpression)
        {
            return int.Parse(retries.Text, CultureInfo.InvariantCulture);
        }

        var value = context.EvaluateRequired(retries, element, "retries");
        return value.TryGetInt64(out var count) && count is >= 0 and <= int.MaxValue
            ? (int)count
            : throw new IncidentException(IncidentErrorType.ExpressionEvaluation,
                $"The retries '{retries.StaticText}' evaluated to {value}; expected a whole number of at least 0.");
    }
}
