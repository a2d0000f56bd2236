namespace ProzessEngine.Bpmn;

/// <summary>Names of the zeebe:properties the engine reads itself (prefix <c>prozessengine:</c>).</summary>
public static class EngineProperties
{
    /// <summary>On the process: days to keep an ended instance before it is deleted (0 or more).</summary>
    public const string RetentionDays = "prozessengine:retentionDays";

    /// <summary>On the process or a timer event: the business calendar id (e.g. BY, BE, or a municipal id).</summary>
    public const string Calendar = "prozessengine:calendar";

    /// <summary>On a timer event with timeDuration: <c>duration</c> (default), <c>workingDays</c> or <c>legalDeadline</c>.</summary>
    public const string TimerMode = "prozessengine:timerMode";

    /// <summary>
    /// On the process: a FEEL expression (with or without a leading <c>=</c>) that names a case in the task list, e.g.
    /// <c>"Rechnung " + rechnungsnummer + " · " + string(betrag) + " €"</c>. Evaluated at the task, when it is created
    /// and whenever variables change.
    /// </summary>
    public const string TaskTitle = "prozessengine:taskTitle";

    /// <summary>On the process: variable names, separated by commas, whose values the task list shows beside the title.</summary>
    public const string TaskColumns = "prozessengine:taskColumns";

    /// <summary>
    /// On a user task: comma-separated ids of user tasks of the same process whose completers may not complete this
    /// one (four-eyes principle, separation of duties), e.g. <c>SachlichRichtig</c>.
    /// </summary>
    public const string FourEyes = "prozessengine:fourEyes";

    /// <summary>
    /// Spellings that earlier versions of our docs used; the parser rejects them with the name it reads, so a setting
    /// is never silently without effect. (Plain names such as "calendar" stay free for a model's own metadata.)
    /// </summary>
    public static IReadOnlyDictionary<string, string> OtherSpellings { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["retentionDays"] = RetentionDays,
        ["businessCalendar"] = Calendar,
    };
}
