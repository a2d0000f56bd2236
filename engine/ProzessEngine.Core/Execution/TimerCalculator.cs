using ProzessEngine.Bpmn;
using ProzessEngine.Bpmn.Model;
using ProzessEngine.Core.Calendar;
using ProzessEngine.Core.State;
using ProzessEngine.Feel;

namespace ProzessEngine.Core.Execution;

/// <summary>When a timer fires first, and how it repeats.</summary>
/// <param name="Cycle">The evaluated cycle text of a repeating timer; null otherwise.</param>
/// <param name="RemainingRepetitions">How often it fires after the first time: -1 = until cancelled.</param>
internal readonly record struct TimerPlan(DateTimeOffset DueAt, string? Cycle, int RemainingRepetitions);

/// <summary>
/// Turns a timer definition into the instant it is due, evaluating FEEL where the model uses it and counting working
/// days or legal periods with the business calendar where <c>prozessengine:timerMode</c> asks for it.
/// </summary>
internal static class TimerCalculator
{
    public static TimerPlan Plan(CommandExecution context, TimerEventDefinition timer, ElementInstance? scope)
    {
        var value = timer.Value.IsExpression
            ? context.EvaluateRequired(timer.Value, scope, $"timer {timer.Kind.ToString().ToLowerInvariant()}")
            : FeelValue.FromString(timer.Value.Text);
        var calendarId = timer.CalendarId ?? context.Model.Property(EngineProperties.Calendar);
        return Plan(timer, value, context.Now, context.Services, calendarId);
    }

    /// <summary>Plans a timer from an evaluated value; throws <see cref="IncidentException"/> when the value does not fit.</summary>
    public static TimerPlan Plan(TimerEventDefinition timer, FeelValue value, DateTimeOffset now, RuntimeServices services, string? calendarId)
    {
        var zone = services.DefaultTimeZone;
        switch (timer.Kind)
        {
            case TimerKind.Date:
                if (value.TryGetString(out var dateText) && TimerCycle.NormaliseDateTime(dateText.Trim()) is { } normalised
                    && FeelTemporal.TryParseDateTime(normalised, out var parsedDate))
                {
                    value = parsedDate;
                }

                if (FeelTemporal.TryGetInstant(value, zone, out var instant))
                {
                    return new TimerPlan(instant, null, 0);
                }

                throw Problem($"The timer date '{timer.Value.StaticText}' evaluated to {value}, which is not a date and time.");
            case TimerKind.Duration:
                if (value.TryGetString(out var durationText))
                {
                    if (timer.Mode == TimerMode.LegalDeadline)
                    {
                        return new TimerPlan(LegalDeadline(durationText, now, services, calendarId), null, 0);
                    }

                    if (!IsoDuration.TryParse(durationText, out value))
                    {
                        throw Problem($"The timer duration '{timer.Value.StaticText}' evaluated to '{durationText}', which is not a duration such as PT10M or P14D.");
                    }
                }

                return new TimerPlan(timer.Mode switch
                {
                    TimerMode.WorkingDays => WorkingDays(value, now, services, calendarId, timer),
                    TimerMode.LegalDeadline => LegalDeadline(value, now, services, calendarId, timer),
                    _ => FeelTemporal.TryAddTo(value, now, out var due)
                        ? due
                        : throw Problem($"The timer duration '{timer.Value.StaticText}' evaluated to {value}, which is not a duration such as PT10M or P14D."),
                }, null, 0);
            default:
                if (!value.TryGetString(out var cycleText))
                {
                    throw Problem($"The timer cycle '{timer.Value.StaticText}' evaluated to {value}, expected a text such as R5/PT10M or a cron expression.");
                }

                if (!TimerCycle.TryParse(cycleText, out var cycle, out var error))
                {
                    throw Problem($"The timer cycle '{timer.Value.StaticText}' is not valid: {error}");
                }

                var first = cycle!.FirstDue(now, zone)
                    ?? throw Problem($"The timer cycle '{cycleText}' has no occurrence after {now:O}.");
                return new TimerPlan(first, cycle.Text, cycle.Repetitions is { } count ? count - 1 : -1);
        }
    }

    private static DateTimeOffset WorkingDays(FeelValue duration, DateTimeOffset now, RuntimeServices services, string? calendarId, TimerEventDefinition timer)
    {
        if (!duration.TryGetDuration(out var span) || span < TimeSpan.Zero)
        {
            throw Problem($"The working-day duration '{timer.Value.StaticText}' evaluated to {duration}; expected days such as P10D.");
        }

        var calendar = CalendarOf(services, calendarId);
        var zone = services.DefaultTimeZone;
        var local = TimeZoneInfo.ConvertTime(now, zone);
        var days = (int)span.TotalDays;
        var rest = span - TimeSpan.FromDays(days);
        var day = calendar.AddWorkingDays(DateOnly.FromDateTime(local.DateTime), days);
        var dueLocal = day.ToDateTime(TimeOnly.FromDateTime(local.DateTime)) + rest;
        return new DateTimeOffset(dueLocal, zone.IsInvalidTime(dueLocal) ? zone.GetUtcOffset(dueLocal.AddHours(1)) : zone.GetUtcOffset(dueLocal));
    }

    private static DateTimeOffset LegalDeadline(FeelValue duration, DateTimeOffset now, RuntimeServices services, string? calendarId, TimerEventDefinition timer) =>
        FeelPeriods.TryRead(duration, out var period, out var problem)
            ? Deadline(period, now, services, calendarId)
            : throw Problem($"The legal period '{timer.Value.StaticText}' evaluated to {duration}: {problem}.");

    private static DateTimeOffset LegalDeadline(string text, DateTimeOffset now, RuntimeServices services, string? calendarId) =>
        FeelPeriods.TryRead(FeelValue.FromString(text), out var period, out var problem)
            ? Deadline(period, now, services, calendarId)
            : throw Problem(problem);

    private static DateTimeOffset Deadline(LegalPeriod period, DateTimeOffset now, RuntimeServices services, string? calendarId)
    {
        var calendar = CalendarOf(services, calendarId);
        var zone = services.DefaultTimeZone;
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
        return calendar.ComputeDeadline(today, period, new DeadlineOptions { TimeZone = zone }).EndsAt;
    }

    private static BusinessCalendar CalendarOf(RuntimeServices services, string? calendarId)
    {
        try
        {
            return services.Calendars.Get(calendarId);
        }
        catch (UnknownBusinessCalendarException ex)
        {
            throw new IncidentException(IncidentErrorType.Timer, ex.Message);
        }
    }

    private static IncidentException Problem(string message) => new(IncidentErrorType.ExpressionEvaluation, message);
}
