using ProzessEngine.Bpmn.Model;
using ProzessEngine.Core.Execution;
using ProzessEngine.Core.Intents;
using ProzessEngine.Core.State;
using ProzessEngine.Feel;

namespace ProzessEngine.Core.Behaviors;

/// <summary>
/// An ad-hoc sub-process. Modelled (BPMN implementation): activates the inner elements its activeElementsCollection
/// names (more can be activated by command); completes when its completion condition holds after an inner element
/// completed (terminating the others when cancelRemainingInstances), or, without condition, when nothing is left
/// active. Controlled by a job worker (zeebe:taskDefinition, Camunda 8.8's agent pattern): a job on activation and
/// after every inner path that ends; the worker's job result activates elements or fulfils the completion condition.
/// </summary>
internal sealed class AdHocSubProcessBehavior : IElementBehavior
{
    /// <summary>The local variable that tells the worker which elements it can activate (Camunda 8.8's name).</summary>
    public const string ElementsVariable = "adHocSubProcessElements";

    public void Activate(CommandExecution context, ElementInstance element, FlowNode node)
    {
        var adHoc = (AdHocSubProcess)node;
        element.State = ElementState.Waiting;
        if (adHoc.OutputCollection is { } collection)
        {
            context.SetLocalVariable(element, collection, FeelValue.FromList([]));
        }

        if (adHoc.IsJobWorker)
        {
            context.SetLocalVariable(element, ElementsVariable, Describe(context.Model, adHoc));
            CreateJob(context, element, adHoc);
            return;
        }

        if (adHoc.ActiveElementsCollection is null)
        {
            return;
        }

        var value = context.EvaluateRequired(adHoc.ActiveElementsCollection, element, "active elements collection");
        var ids = new List<string>();
        if (value.Kind != FeelValueKind.List)
        {
            throw new IncidentException(IncidentErrorType.ExpressionEvaluation,
                $"The active elements collection '{adHoc.ActiveElementsCollection.StaticText}' evaluated to {value}, expected a list of element ids.");
        }

        foreach (var item in value.AsList())
        {
            ids.Add(item.TryGetString(out var id) ? id : item.ToString()!);
        }

        ActivateElements(context, element, adHoc, ids);
    }

    /// <summary>Activates inner elements by id; an id that is no activatable inner element is an incident.</summary>
    public static void ActivateElements(CommandExecution context, ElementInstance element, AdHocSubProcess adHoc, IReadOnlyList<string> ids)
    {
        foreach (var id in ids)
        {
            if (!adHoc.ActivatableElementIds.Contains(id))
            {
                throw new IncidentException(IncidentErrorType.ExpressionEvaluation,
                    $"'{id}' is no element of ad-hoc sub-process '{adHoc.Id}' that can be activated (those are {string.Join(", ", adHoc.ActivatableElementIds)}).");
            }
        }

        foreach (var id in ids)
        {
            context.ActivateNode(context.Model.GetNode(id), element.Key);
        }
    }

    public void ChildDone(CommandExecution context, ElementInstance element, FlowNode node)
    {
        var adHoc = (AdHocSubProcess)node;
        if (adHoc.IsJobWorker)
        {
            PathDone(context, element, adHoc);
            return;
        }

        if ((element.Flags & ElementFlags.CompletionConditionMet) == 0 && adHoc.CompletionCondition is { } condition
            && context.EvaluateBoolean(condition, element, "completion condition"))
        {
            if (adHoc.CancelRemainingInstances)
            {
                context.TerminateChildren(element.Key);
                context.Complete(element);
                return;
            }

            element.Flags |= ElementFlags.CompletionConditionMet;
        }

        if (!context.Instance.HasChildren(element.Key) && (adHoc.CompletionCondition is null || (element.Flags & ElementFlags.CompletionConditionMet) != 0))
        {
            context.Complete(element);
        }
    }

    public void Leave(CommandExecution context, ElementInstance element, FlowNode node)
    {
        // Camunda 8.8: the output collection goes to the enclosing scope when the sub-process completes.
        if (node is AdHocSubProcess { OutputCollection: { } collection } && element.Variables is { } locals && locals.TryGetValue(collection, out var value))
        {
            context.SetVariablePropagating(element.ScopeKey, collection, value);
            context.RecordVariables(node.Id, element.ScopeKey, [new(collection, value)]);
        }

        context.TakeAllOutgoing(node);
    }

    public void Terminate(CommandExecution context, ElementInstance element, FlowNode node) => CancelJob(context, element);

    /// <summary>
    /// The worker completed the sub-process's job with its decision: the job's variables are merged, the chosen elements
    /// activated (with their variables as local variables), or the sub-process completes.
    /// </summary>
    public static void ApplyJobResult(CommandExecution context, ElementInstance element, AdHocSubProcess adHoc, AdHocSubProcessJobResult result,
        IReadOnlyList<KeyValuePair<string, FeelValue>>? variables)
    {
        context.MergeCompletionVariables(element, adHoc, variables);
        foreach (var activation in result.ActivateElements)
        {
            var inner = context.ActivateNode(context.Model.GetNode(activation.ElementId), element.Key);
            foreach (var (name, value) in activation.Variables ?? [])
            {
                context.SetLocalVariable(inner, name, value);
            }

            if (activation.Variables is { Count: > 0 } set)
            {
                context.RecordVariables(activation.ElementId, inner.Key, set);
            }
        }

        if (!result.IsCompletionConditionFulfilled)
        {
            return;
        }

        element.Flags |= ElementFlags.CompletionConditionMet;
        if (result.IsCancelRemainingInstances)
        {
            context.TerminateChildren(element.Key);
        }

        if (!context.Instance.HasChildren(element.Key))
        {
            context.Complete(element);
        }
    }

    /// <summary>Why a job result cannot be applied to this sub-process (null when it can), naming the request field.</summary>
    public static (string Field, string Message)? Check(AdHocSubProcess adHoc, AdHocSubProcessJobResult result)
    {
        if (result.IsCompletionConditionFulfilled && result.ActivateElements.Count > 0)
        {
            return ("result.activateElements", "must be empty when isCompletionConditionFulfilled is true: the worker either activates elements or completes the ad-hoc sub-process.");
        }

        for (var i = 0; i < result.ActivateElements.Count; i++)
        {
            var id = result.ActivateElements[i].ElementId;
            if (!adHoc.ActivatableElementIds.Contains(id))
            {
                return ($"result.activateElements[{i}].elementId",
                    $"'{id}' is no element of ad-hoc sub-process '{adHoc.Id}' that can be activated; those are {string.Join(", ", adHoc.ActivatableElementIds)}.");
            }
        }

        return null;
    }

    /// <summary>A path inside ended: the worker decides again, unless the completion condition was fulfilled.</summary>
    private static void PathDone(CommandExecution context, ElementInstance element, AdHocSubProcess adHoc)
    {
        if (!context.CompletedElementEndedPath)
        {
            return;
        }

        // One job at a time: a job the worker still holds is withdrawn, the new one carries the newer state.
        CancelJob(context, element);
        if ((element.Flags & ElementFlags.CompletionConditionMet) != 0)
        {
            if (!context.Instance.HasChildren(element.Key))
            {
                context.Complete(element);
            }

            return;
        }

        CreateJob(context, element, adHoc);
    }

    private static void CreateJob(CommandExecution context, ElementInstance element, AdHocSubProcess adHoc)
    {
        try
        {
            JobWorkerBehavior.CreateJob(context, element, adHoc, context.EvaluateString(adHoc.Job!.Definition.Type, element, "job type"));
        }
        catch (IncidentException incident)
        {
            context.RaiseIncident(element, incident, ElementState.Waiting);
        }
    }

    private static void CancelJob(CommandExecution context, ElementInstance element)
    {
        if (element.JobKey is { } key && element.JobKind == JobKind.AdHocSubProcess)
        {
            context.AddIntent(new JobCanceled(key, element.Key, element.ElementId));
            element.JobKey = null;
            element.JobKind = JobKind.BpmnElement;
        }
    }

    /// <summary>The elements the worker can activate, as Camunda 8.8 describes them in adHocSubProcessElements.</summary>
    private static FeelValue Describe(ProcessModel model, AdHocSubProcess adHoc) =>
        FeelValue.FromList(adHoc.ActivatableElementIds.Select(id =>
        {
            var node = model.GetNode(id);
            return FeelValue.FromContext(
            [
                new("elementId", FeelValue.FromString(node.Id)),
                new("elementName", node.Name is null ? FeelValue.Null : FeelValue.FromString(node.Name)),
                new("documentation", node.Documentation is null ? FeelValue.Null : FeelValue.FromString(node.Documentation)),
                new("properties", FeelValue.FromContext(node.Properties.Select(p => new KeyValuePair<string, FeelValue>(p.Key, FeelValue.FromString(p.Value))))),
                new("parameters", adHoc.ToolParameters.TryGetValue(id, out var parameters) ? parameters : FeelValue.FromList([])),
            ]);
        }));
}
