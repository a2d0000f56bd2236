using System.Collections.Frozen;
using ProzessEngine.Core.Calendar;

namespace ProzessEngine.Core;

/// <summary>
/// What the runtime needs from outside: a clock, keys, the inline job handlers, a time zone, business calendars, the
/// deployed forms and decisions, limits and who would receive a signal.
/// </summary>
public sealed class RuntimeServices
{
    /// <summary>The calendar for models that name none when no registry is passed: Bavaria. Configure the Land of the municipality.</summary>
    public const string DefaultCalendarId = "BY";

    public RuntimeServices(
        TimeProvider clock,
        IKeyGenerator keys,
        IEnumerable<IInlineJobHandler>? inlineJobHandlers = null,
        TimeZoneInfo? defaultTimeZone = null,
        BusinessCalendarRegistry? calendars = null,
        IFormCatalog? forms = null,
        EngineLimits? limits = null,
        ISignalAudience? signalAudience = null,
        IDecisionCatalog? decisions = null)
    {
        Clock = clock;
        Keys = keys;
        InlineJobHandlers = (inlineJobHandlers ?? []).ToFrozenDictionary(h => h.JobType, StringComparer.Ordinal);
        DefaultTimeZone = defaultTimeZone ?? GermanTime;
        Calendars = calendars ?? DefaultCalendars;
        Forms = forms;
        Limits = (limits ?? EngineLimits.Default).Validate();
        SignalAudience = signalAudience;
        Decisions = decisions;
    }

    public TimeProvider Clock { get; }
    public IKeyGenerator Keys { get; }
    public FrozenDictionary<string, IInlineJobHandler> InlineJobHandlers { get; }

    /// <summary>Zone for date-times written without offset (timer dates, due dates, cron schedules); German local time by default.</summary>
    public TimeZoneInfo DefaultTimeZone { get; }

    /// <summary>Business calendars for working-day timers and legal deadlines (<c>prozessengine:calendar</c>).</summary>
    public BusinessCalendarRegistry Calendars { get; }

    /// <summary>
    /// Resolves linked forms when a user task is created; null where no forms are stored (an engine in memory), and
    /// then every linked form counts as deployed.
    /// </summary>
    public IFormCatalog? Forms { get; }
    /// <summary>Bounds on one command and one instance (Engine:Limits).</summary>
    public EngineLimits Limits { get; }

    /// <summary>
    /// Counts who a signal throw event would reach, for Engine:Limits:MaxSignalDeliveriesPerCommand; null where nothing routes
    /// signals (the runtime alone), and then throw events are not counted.
    /// </summary>
    public ISignalAudience? SignalAudience { get; }

    /// <summary>
    /// The deployed decisions business rule tasks evaluate; null where none are stored, and then a business rule task
    /// with zeebe:calledDecision gets an incident.
    /// </summary>
    public IDecisionCatalog? Decisions { get; }

    public static TimeZoneInfo GermanTime { get; } =
        TimeZoneInfo.TryFindSystemTimeZoneById("Europe/Berlin", out var zone) ? zone : TimeZoneInfo.Utc;

    /// <summary>The sixteen Länder, defaulting to <see cref="DefaultCalendarId"/>.</summary>
    public static BusinessCalendarRegistry DefaultCalendars { get; } = new(DefaultCalendarId);
}
