using ProzessEngine.Bpmn.Model;
using ProzessEngine.Core.Execution;
using ProzessEngine.Core.State;

namespace ProzessEngine.Core.Behaviors;

/// <summary>An intermediate timer catch event: schedules its timer and waits until it fires (a cycle: its first occurrence).</summary>
internal sealed class TimerCatchEventBehavior : IElementBehavior
{
    public void Activate(CommandExecution context, ElementInstance element, FlowNode node)
    {
        if (CommandExecution.TryTakeTrigger(element, out _))
        {
            context.Complete(element);
            return;
        }

        context.ScheduleTimer(element.Key, element, node.Id, (TimerEventDefinition)((EventNode)node).EventDefinition!, repeating: false);
        element.State = ElementState.Waiting;
    }
}
