using System.Collections.Frozen;

namespace ProzessEngine.Core;

/// <summary>What the runtime needs from outside: a clock, keys, and the inline job handlers.</summary>
public sealed class RuntimeServices
{
    public RuntimeServices(TimeProvider clock, IKeyGenerator keys, IEnumerable<IInlineJobHandler>? inlineJobHandlers = null, TimeZoneInfo? defaultTimeZone = null)
    {
        Clock = clock;
        Keys = keys;
        InlineJobHandlers = (inlineJobHandlers ?? []).ToFrozenDictionary(h => h.JobType, StringComparer.Ordinal);
        DefaultTimeZone = defaultTimeZone ?? GermanTime;
    }

    public TimeProvider Clock { get; }
    public IKeyGenerator Keys { get; }
    public FrozenDictionary<string, IInlineJobHandler> InlineJobHandlers { get; }

    /// <summary>Zone for date-times written without offset (timer dates, due dates); German local time by default.</summary>
    public TimeZoneInfo DefaultTimeZone { get; }

    public static TimeZoneInfo GermanTime { get; } =
        TimeZoneInfo.TryFindSystemTimeZoneById("Europe/Berlin", out var zone) ? zone : TimeZoneInfo.Utc;
}
