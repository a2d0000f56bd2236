namespace ProzessEngine.Bpmn.Model;

/// <summary>What an event waits for or throws: a timer, a message, a signal, an error, ...</summary>
public abstract record EventDefinition
{
    /// <summary>The BPMN element name, e.g. <c>timerEventDefinition</c>.</summary>
    public abstract string DefinitionType { get; }
}

public enum TimerKind
{
    Date,
    Duration,
    Cycle,
}

/// <summary>How a timer's duration is counted (property <c>prozessengine:timerMode</c>).</summary>
public enum TimerMode
{
    /// <summary>Calendar time: PT10M is ten minutes, P14D fourteen days of 24 hours.</summary>
    CalendarTime,

    /// <summary>The duration's days are working days of the business calendar; its time part is added as elapsed time.</summary>
    WorkingDays,

    /// <summary>The duration is a legal period (Frist) per §§187–193 BGB and §31 VwVfG; the timer fires when it has run out.</summary>
    LegalDeadline,
}

/// <summary>A timer: an ISO 8601 date, duration or cycle (repeating interval or cron), or a FEEL expression that yields one.</summary>
public sealed record TimerEventDefinition(TimerKind Kind, ExpressionValue Value) : EventDefinition
{
    public TimerMode Mode { get; init; } = TimerMode.CalendarTime;

    /// <summary>The business calendar for <see cref="TimerMode.WorkingDays"/> and <see cref="TimerMode.LegalDeadline"/>; null = the process's or the default.</summary>
    public string? CalendarId { get; init; }

    public override string DefinitionType => "timerEventDefinition";
}

/// <summary>
/// A message: its name (static or FEEL) and, for catch events, the correlation key (FEEL) of <c>zeebe:subscription</c>.
/// A throw event may publish the message itself (<c>zeebe:publishMessage</c>) instead of creating a job.
/// </summary>
public sealed record MessageEventDefinition(ExpressionValue Name, ExpressionValue? CorrelationKey) : EventDefinition
{
    public MessagePublication? Publication { get; init; }

    public override string DefinitionType => "messageEventDefinition";
}

/// <summary>zeebe:publishMessage: what a message throw event or send task publishes.</summary>
public sealed record MessagePublication(ExpressionValue? CorrelationKey, ExpressionValue? MessageId, ExpressionValue? TimeToLive);

public sealed record SignalEventDefinition(ExpressionValue Name) : EventDefinition
{
    public override string DefinitionType => "signalEventDefinition";
}

/// <summary>An error. A catch event without code catches every error; a throw event's code may be FEEL.</summary>
public sealed record ErrorEventDefinition(ExpressionValue? Code) : EventDefinition
{
    /// <summary>The static code of a catch event; null for a catch-all.</summary>
    public string? StaticCode => Code is { IsExpression: false } code ? code.Text : null;

    public override string DefinitionType => "errorEventDefinition";
}

/// <summary>An escalation. A catch event without code catches every escalation; a throw event's code may be FEEL.</summary>
public sealed record EscalationEventDefinition(ExpressionValue? Code) : EventDefinition
{
    public string? StaticCode => Code is { IsExpression: false } code ? code.Text : null;

    public override string DefinitionType => "escalationEventDefinition";
}

/// <summary>A condition (FEEL) that triggers the event when it becomes true.</summary>
public sealed record ConditionalEventDefinition(ExpressionValue Condition) : EventDefinition
{
    public override string DefinitionType => "conditionalEventDefinition";
}

/// <summary>A link: a throw event jumps to the catch event of the same name in the same scope.</summary>
public sealed record LinkEventDefinition(string Name) : EventDefinition
{
    /// <summary>For a throw event: the id of the catch event it jumps to (resolved when the model is read).</summary>
    public string? TargetId { get; init; }

    public override string DefinitionType => "linkEventDefinition";
}

/// <summary>Compensation: thrown for one activity (<see cref="ActivityId"/>) or for every completed activity of the scope.</summary>
public sealed record CompensateEventDefinition(string? ActivityId) : EventDefinition
{
    public override string DefinitionType => "compensateEventDefinition";
}

public sealed record TerminateEventDefinition : EventDefinition
{
    public override string DefinitionType => "terminateEventDefinition";
}
