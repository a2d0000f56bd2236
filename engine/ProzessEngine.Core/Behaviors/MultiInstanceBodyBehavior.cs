using ProzessEngine.Bpmn.Model;
using ProzessEngine.Core.Execution;
using ProzessEngine.Core.State;
using ProzessEngine.Feel;

namespace ProzessEngine.Core.Behaviors;

/// <summary>
/// The body of a multi-instance activity: one inner instance per item of the input collection, all at once (parallel)
/// or one after the other (sequential). Collects each instance's output element into the output collection at the
/// item's index, completes early when the completion condition holds (terminating the rest), and hands the output
/// collection to the enclosing scope when it completes. Boundary events belong to the body.
/// </summary>
internal sealed class MultiInstanceBodyBehavior : IElementBehavior
{
    public static readonly MultiInstanceBodyBehavior Instance = new();

    public void Activate(CommandExecution context, ElementInstance element, FlowNode node)
    {
        var loop = ((Activity)node).Loop!;
        var collection = context.EvaluateRequired(loop.InputCollection, element, "input collection");
        if (collection.Kind != FeelValueKind.List)
        {
            throw new IncidentException(IncidentErrorType.ExpressionEvaluation,
                $"The input collection '{loop.InputCollection.StaticText}' evaluated to {collection} ({collection.Kind}), expected a list.");
        }

        var items = collection.AsList();
        element.Loop = new MultiInstanceState { Total = items.Count };
        if (loop.OutputCollection is { } output)
        {
            var nulls = new FeelValue[items.Count];
            context.SetLocalVariable(element, output, FeelValue.FromList(nulls));
        }

        element.State = ElementState.Waiting;
        if (items.Count == 0)
        {
            context.Complete(element);
            return;
        }

        if (loop.IsSequential)
        {
            element.Loop.Items = collection;
            element.Loop.NextIndex = 1;
            context.ActivateInner(element, node, 0, items[0]);
            return;
        }

        for (var i = 0; i < items.Count; i++)
        {
            context.ActivateInner(element, node, i, items[i]);
        }
    }

    /// <summary>An inner instance is completing (its output mappings ran): collect its output, count it, check the completion condition.</summary>
    public static void InnerCompleting(CommandExecution context, ElementInstance body, ElementInstance inner, FlowNode node)
    {
        var loop = ((Activity)node).Loop!;
        var state = body.Loop!;
        if (loop.OutputCollection is { } outputName && loop.OutputElement is { } outputElement
            && inner.Variables is { } locals && locals.TryGetValue("loopCounter", out var counter) && counter.TryGetInt64(out var index)
            && body.Variables is { } bodyLocals && bodyLocals.TryGetValue(outputName, out var collected) && collected.Kind == FeelValueKind.List)
        {
            var value = context.Evaluate(outputElement, inner);
            var items = collected.AsList().ToArray();
            if (index >= 1 && index <= items.Length)
            {
                items[index - 1] = value;
                context.SetLocalVariable(body, outputName, FeelValue.FromList(items));
            }
        }

        state.Completed++;
        if (loop.CompletionCondition is { } condition
            && context.EvaluateBoolean(condition, inner, "completion condition", new LoopCounters(state, loop.IsSequential)))
        {
            body.Flags |= ElementFlags.CompletionConditionMet;
        }
    }

    public void ChildDone(CommandExecution context, ElementInstance element, FlowNode node)
    {
        var state = element.Loop!;
        if ((element.Flags & ElementFlags.CompletionConditionMet) != 0)
        {
            context.TerminateChildren(element.Key);
            context.Complete(element);
            return;
        }

        if (state.NextIndex > 0 && state.NextIndex < state.Total)
        {
            var index = state.NextIndex++;
            context.ActivateInner(element, node, index, state.Items.AsList()[index]);
            return;
        }

        if (!context.Instance.HasChildren(element.Key))
        {
            context.Complete(element);
        }
    }

    public void Leave(CommandExecution context, ElementInstance element, FlowNode node)
    {
        var loop = ((Activity)node).Loop!;
        if (loop.OutputCollection is { } name && element.Variables is { } locals && locals.TryGetValue(name, out var value))
        {
            context.SetVariablePropagating(element.ScopeKey, name, value);
            context.RecordVariables(node.Id, element.Key, [new(name, value)]);
        }

        context.TakeAllOutgoing(node);
    }

    /// <summary>The counters a completion condition may read, besides the variables of the instance that completed.</summary>
    private sealed class LoopCounters(MultiInstanceState state, bool sequential) : IFeelVariables
    {
        public bool TryGetValue(string name, out FeelValue value)
        {
            value = name switch
            {
                "numberOfInstances" => FeelValue.FromNumber(state.Total),
                "numberOfCompletedInstances" => FeelValue.FromNumber(state.Completed),
                "numberOfTerminatedInstances" => FeelValue.FromNumber(state.Terminated),
                "numberOfActiveInstances" => FeelValue.FromNumber(sequential ? 0 : state.Total - state.Completed - state.Terminated),
                _ => FeelValue.Null,
            };
            return !value.IsNull;
        }
    }
}
