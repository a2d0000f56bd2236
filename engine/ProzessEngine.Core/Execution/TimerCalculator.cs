using ProzessEngine.Bpmn.Model;
using ProzessEngine.Core.State;
using ProzessEngine.Feel;

namespace ProzessEngine.Core.Execution;

/// <summary>Turns a timer definition into the instant it is due, evaluating FEEL where the model uses it.</summary>
internal static class TimerCalculator
{
    public static DateTimeOffset DueAt(CommandExecution context, TimerEventDefinition timer, ElementInstance? element)
    {
        var value = context.EvaluateRequired(timer.Value, element, $"timer {timer.Kind.ToString().ToLowerInvariant()}");
        switch (timer.Kind)
        {
            case TimerKind.Duration:
                if (value.TryGetString(out var durationText) && FeelTemporal.TryParseDuration(durationText, out var parsedDuration))
                {
                    value = parsedDuration;
                }

                if (FeelTemporal.TryAddTo(value, context.Now, out var due))
                {
                    return due;
                }

                throw new IncidentException(IncidentErrorType.ExpressionEvaluation,
                    $"The timer duration '{timer.Value.StaticText}' evaluated to {value}, which is not a duration such as PT10M or P14D.");
            case TimerKind.Date:
                if (value.TryGetString(out var dateText) && FeelTemporal.TryParseDateTime(dateText, out var parsedDate))
                {
                    value = parsedDate;
                }

                if (FeelTemporal.TryGetInstant(value, context.Services.DefaultTimeZone, out var instant))
                {
                    return instant;
                }

                throw new IncidentException(IncidentErrorType.ExpressionEvaluation,
                    $"The timer date '{timer.Value.StaticText}' evaluated to {value}, which is not a date and time.");
            default:
                throw new IncidentException(IncidentErrorType.ExpressionEvaluation, $"Timer cycles are not supported here ('{timer.Value.Text}').");
        }
    }
}
