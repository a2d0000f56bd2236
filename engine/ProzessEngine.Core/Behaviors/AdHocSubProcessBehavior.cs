using ProzessEngine.Bpmn.Model;
using ProzessEngine.Core.Execution;
using ProzessEngine.Core.State;
using ProzessEngine.Feel;

namespace ProzessEngine.Core.Behaviors;

/// <summary>
/// An ad-hoc sub-process: activates the inner elements its activeElementsCollection names (more can be activated by
/// command); completes when its completion condition holds after an inner element completed (terminating the others
/// when cancelRemainingInstances), or, without condition, when nothing is left active.
/// </summary>
internal sealed class AdHocSubProcessBehavior : IElementBehavior
{
    public void Activate(CommandExecution context, ElementInstance element, FlowNode node)
    {
        var adHoc = (AdHocSubProcess)node;
        element.State = ElementState.Waiting;
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
}
