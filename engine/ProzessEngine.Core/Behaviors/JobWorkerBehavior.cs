using System.Globalization;
using ProzessEngine.Bpmn.Model;
using ProzessEngine.Core.Execution;
using ProzessEngine.Core.Intents;
using ProzessEngine.Core.Journal;
using ProzessEngine.Core.State;

namespace ProzessEngine.Core.Behaviors;

/// <summary>
/// Service, send, script and business rule tasks and message throw events with a job type: creates a job. A job type
/// with an inline handler runs within the command; any other waits for a job worker to complete, fail or throw an error.
/// </summary>
internal sealed class JobWorkerBehavior : IElementBehavior
{
    public void Activate(CommandExecution context, ElementInstance element, FlowNode node)
    {
        var job = node.Job!;
        var type = context.EvaluateString(job.Definition.Type, element, "job type");
        if (context.Services.InlineJobHandlers.TryGetValue(type, out var handler))
        {
            RunInline(context, element, node, type, handler);
            return;
        }

        CreateJob(context, element, node, type);
    }

    public void Terminate(CommandExecution context, ElementInstance element, FlowNode node)
    {
        if (element.JobKey is { } key)
        {
            context.AddIntent(new JobCanceled(key, element.Key, node.Id));
            element.JobKey = null;
        }
    }

    internal static void CreateJob(CommandExecution context, ElementInstance element, FlowNode node, string type)
    {
        var retries = EvaluateRetries(context, element, node.Job!.Definition);
        var key = context.NextKey();
        var kind = node is AdHocSubProcess ? JobKind.AdHocSubProcess : JobKind.BpmnElement;
        element.JobKey = key;
        element.JobKind = kind;
        element.State = ElementState.Waiting;
        context.AddIntent(new JobCreated(key, element.Key, node.Id, type, retries, node.Job.Headers) { Kind = kind });
        context.Record(JournalEventKind.JobCreated, node.Id, element.Key, type);
    }

    private static void RunInline(CommandExecution context, ElementInstance element, FlowNode node, string type, IInlineJobHandler handler)
    {
        IReadOnlyList<KeyValuePair<string, Feel.FeelValue>>? output;
        try
        {
            output = handler.Execute(new InlineJobContext(type, node.Id, context.VariablesAt(element), node.Job!.Headers));
        }
        catch (BpmnErrorException error)
        {
            context.ThrowError(element, throwerIsActivity: true, error.ErrorCode, error.ErrorMessage, error.Variables);
            return;
        }
        catch (Exception ex) when (ex is not IncidentException)
        {
            throw new IncidentException(IncidentErrorType.JobNoRetries, $"The job of type '{type}' failed: {ex.Message}");
        }

        context.MergeCompletionVariables(element, node, output);
        context.Complete(element);
    }

    private static int EvaluateRetries(CommandExecution context, ElementInstance element, TaskDefinition definition)
    {
        // Static retries that are no whole number deploy (as in Camunda 8) and fail here, where an incident can say so.
        var retries = definition.Retries;
        if (!retries.IsExpression)
        {
            return int.TryParse(retries.Text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var number)
                ? number
                : throw new IncidentException(IncidentErrorType.ExpressionEvaluation,
                    $"The retries '{retries.Text}' are not a whole number of at least 0; correct the model and deploy it again.");
        }

        var value = context.EvaluateRequired(retries, element, "retries");
        return value.TryGetInt64(out var count) && count is >= 0 and <= int.MaxValue
            ? (int)count
            : throw new IncidentException(IncidentErrorType.ExpressionEvaluation,
                $"The retries '{retries.StaticText}' evaluated to {value}; expected a whole number of at least 0.");
    }
}
