using ProzessEngine.Bpmn.Model;
using ProzessEngine.Core.Execution;
using ProzessEngine.Core.Intents;
using ProzessEngine.Core.Journal;
using ProzessEngine.Core.State;

namespace ProzessEngine.Core.Behaviors;

/// <summary>An intermediate timer catch event: schedules its timer and waits until it fires.</summary>
internal sealed class TimerCatchEventBehavior : IElementBehavior
{
    public void Activate(CommandExecution context, ElementInstance element, FlowNode node)
    {
        var catchEvent = (IntermediateCatchEvent)node;
        var timer = (TimerEventDefinition)catchEvent.EventDefinition;
        var dueAt = TimerCalculator.DueAt(context, timer, element);
        var key = context.NextKey();
        element.TimerKey = key;
        element.State = ElementState.Waiting;
        context.AddIntent(new TimerScheduled(key, element.Key, node.Id, dueAt));
        context.Record(JournalEventKind.TimerScheduled, node.Id, element.Key, dueAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
    }

    public void Terminate(CommandExecution context, ElementInstance element, FlowNode node)
    {
        if (element.TimerKey is { } key)
        {
            context.AddIntent(new TimerCanceled(key, element.Key, node.Id));
            element.TimerKey = null;
        }
    }
}
