namespace ProzessEngine.Bpmn;

/// <summary>Names of the zeebe:properties the engine reads itself (prefix <c>prozessengine:</c>).</summary>
public static class EngineProperties
{
    /// <summary>On the process: days to keep a finished instance before it is deleted.</summary>
    public const string RetentionDays = "prozessengine:retentionDays";

    /// <summary>On the process or a timer event: the business calendar id (e.g. BY, BE, or a municipal id).</summary>
    public const string Calendar = "prozessengine:calendar";

    /// <summary>On a timer event with timeDuration: <c>duration</c> (default), <c>workingDays</c> or <c>legalDeadline</c>.</summary>
    public const string TimerMode = "prozessengine:timerMode";
}
