namespace ProzessEngine.Core;

/// <summary>
/// A timer start event of a deployed process to schedule: due at <see cref="DueAt"/>; a cycle repeats
/// <see cref="RemainingRepetitions"/> more times after this one (-1 = until the process is redeployed).
/// </summary>
public sealed record StartTimerSchedule(string ElementId, DateTimeOffset DueAt, string? Cycle, int RemainingRepetitions);

/// <summary>The instance a fired start timer created, and when the timer fires next (null when it does not).</summary>
public sealed record StartTimerFiring(ExecutionResult Result, StartTimerSchedule? Next);

/// <summary>A message start event of a deployed process: a published message with this name starts an instance.</summary>
public sealed record MessageStartEvent(string ElementId, string MessageName);

/// <summary>A signal start event of a deployed process: a broadcast signal with this name starts an instance.</summary>
public sealed record SignalStartEvent(string ElementId, string SignalName);
