using System.Globalization;
using ProzessEngine.Bpmn.Model;
using ProzessEngine.Core.Execution;
using ProzessEngine.Core.State;
using ProzessEngine.Feel;

namespace ProzessEngine.Core.Behaviors;

/// <summary>
/// The body of a multi-instance activity: one inner instance per item of the input collection, all at once (parallel,
/// started in batches so that one step never creates more than a batch) or one after the other (sequential). Collects
/// each instance's output element into the output collection at the item's index, completes early when the completion
/// condition holds (terminating the rest), and hands the output collection to the enclosing scope when it completes.
/// Boundary events belong to the body.
/// </summary>
internal sealed class MultiInstanceBodyBehavior : IElementBehavior
{
    public static readonly MultiInstanceBodyBehavior Instance = new();

    /// <summary>
    /// Inner instances of a parallel multi-instance that one step starts; the next batch is a step queued behind them,
    /// so that a command's budget can stop between two batches and a large collection runs over several commands.
    /// </summary>
    public const int ParallelBatchSize = 100;

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
        var maxItems = context.Limits.MaxMultiInstanceItems;
        if (items.Count > maxItems)
        {
            throw new IncidentException(IncidentErrorType.LimitExceeded, string.Create(CultureInfo.InvariantCulture,
                $"The input collection '{loop.InputCollection.StaticText}' has {items.Count:N0} items, more than Engine:Limits:MaxMultiInstanceItems ({maxItems:N0}) allows."));
        }

        element.Loop = new MultiInstanceState { Total = items.Count };
        if (loop.OutputCollection is { } output)
        {
            // Bookkeeping, not a write of the activity: the collection is checked against the limits when it is handed on.
            element.EnsureVariables().Set(output, FeelValue.FromList(new FeelValue[items.Count]));
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

        if (items.Count <= ParallelBatchSize)
        {
            for (var i = 0; i < items.Count; i++)
            {
                context.ActivateInner(element, node, i, items[i]);
            }

            return;
        }

        element.Loop.Items = collection;
        ActivateNextBatch(context, element, node);
    }

    /// <summary>Whether a parallel body still has items whose inner instances are not started (NextIndex is 0 when all started at once).</summary>
    public static bool HasBatchesLeft(MultiInstanceState state) => state.NextIndex > 0 && state.NextIndex < state.Total;

    /// <summary>Starts the next batch of a parallel body and queues the one after it.</summary>
    public static void ActivateNextBatch(CommandExecution context, ElementInstance body, FlowNode node)
    {
        var state = body.Loop!;
        var items = state.Items.AsList();
        var from = state.NextIndex;
        var to = Math.Min(from + ParallelBatchSize, state.Total);
        var room = context.Limits.MaxElementInstances - context.Instance.Elements.Count;
        if (to - from > room)
        {
            throw new IncidentException(IncidentErrorType.LimitExceeded, string.Create(CultureInfo.InvariantCulture,
                $"Starting inner instances {from + 1:N0} to {to:N0} of {state.Total:N0} would make the instance hold more than {context.Limits.MaxElementInstances:N0} element instances (Engine:Limits:MaxElementInstances)."));
        }

        for (var i = from; i < to; i++)
        {
            context.ActivateInner(body, node, i, items[i]);
        }

        state.NextIndex = to;
        if (to < state.Total)
        {
            context.QueueNextBatch(body);
        }
        else
        {
            // Every instance has its item now; the collection need not be kept in the state any longer.
            state.Items = FeelValue.Null;
        }
    }

    /// <summary>An inner instance is completing (its output mappings ran): collect its output, count it, check the completion condition.</summary>
    public static void InnerCompleting(CommandExecution context, ElementInstance body, ElementInstance inner, FlowNode node)
    {
        var loop = ((Activity)node).Loop!;
        var state = body.Loop!;
        if (loop.OutputCollection is { } outputName && loop.OutputElement is { } outputElement
            && inner.Variables is { } locals && locals.TryGetValue("loopCounter", out var counter) && counter.TryGetInt64(out var index))
        {
            context.CollectOutput(body, outputName, index, context.Evaluate(outputElement, inner));
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

        if (((Activity)node).Loop!.IsSequential)
        {
            if (state.NextIndex > 0 && state.NextIndex < state.Total)
            {
                var index = state.NextIndex++;
                context.ActivateInner(element, node, index, state.Items.AsList()[index]);
                return;
            }
        }
        else if (HasBatchesLeft(state))
        {
            // The next batch is a step on the agenda (or left to a following command); it completes the body later.
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
        CommandExecution.WriteBackOutputCollection(element);
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
                "numberOfActiveInstances" => FeelValue.FromNumber(sequential ? 0 : Started(state) - state.Completed - state.Terminated),
                _ => FeelValue.Null,
            };
            return !value.IsNull;
        }

        private static int Started(MultiInstanceState state) => state.NextIndex == 0 ? state.Total : state.NextIndex;
    }
}
