namespace ProzessEngine.Bpmn.Model;

public abstract record EventDefinition;

public enum TimerKind
{
    Date,
    Duration,
    Cycle,
}

/// <summary>A timer: an ISO 8601 value (date, duration or cycle) or a FEEL expression that yields one.</summary>
public sealed record TimerEventDefinition(TimerKind Kind, ExpressionValue Value) : EventDefinition;
