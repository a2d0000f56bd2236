using ProzessEngine.Bpmn.Model;
using ProzessEngine.Core.Execution;
using ProzessEngine.Core.Intents;
using ProzessEngine.Core.Journal;
using ProzessEngine.Core.State;
using ProzessEngine.Feel;

namespace ProzessEngine.Core.Behaviors;

/// <summary>
/// A message throw event, message end event or send task with zeebe:publishMessage: publishes the message with the
/// element's local variables and continues. (With a job type they are job workers instead.)
/// </summary>
internal sealed class MessageThrowEventBehavior : IElementBehavior
{
    /// <summary>Camunda 8's default time to live of a published message.</summary>
    public static readonly TimeSpan DefaultTimeToLive = TimeSpan.FromHours(1);

    public void Activate(CommandExecution context, ElementInstance element, FlowNode node)
    {
        var message = node switch
        {
            SendTask send => send.Message!,
            _ => (MessageEventDefinition)((EventNode)node).EventDefinition!,
        };
        var publication = message.Publication!;
        var name = context.EvaluateString(message.Name, element, "message name");
        var correlationKey = publication.CorrelationKey is null ? null : context.EvaluateCorrelationKey(publication.CorrelationKey, element);
        var messageId = publication.MessageId is null ? null : context.EvaluateString(publication.MessageId, element, "message id");
        var timeToLive = DefaultTimeToLive;
        if (publication.TimeToLive is not null)
        {
            var value = context.EvaluateRequired(publication.TimeToLive, element, "time to live");
            if (value.TryGetString(out var text) && Bpmn.IsoDuration.TryParse(text, out var parsed))
            {
                value = parsed;
            }

            if (!value.TryGetDuration(out timeToLive) || timeToLive < TimeSpan.Zero)
            {
                throw new IncidentException(IncidentErrorType.ExpressionEvaluation,
                    $"The time to live '{publication.TimeToLive.StaticText}' evaluated to {value}, expected a duration such as PT1H.");
            }
        }

        var depth = context.DepthOfThrown($"The message '{name}'");
        context.AddIntent(new MessagePublishRequested(element.Key, node.Id, name, correlationKey, messageId, timeToLive, CommandExecution.LocalVariables(element),
            depth));
        context.Record(JournalEventKind.MessagePublished, node.Id, element.Key, correlationKey is null ? name : $"{name} ({correlationKey})");
        context.Complete(element);
    }
}
