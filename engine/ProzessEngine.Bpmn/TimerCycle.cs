using System.Globalization;
using ProzessEngine.Feel;

namespace ProzessEngine.Bpmn;

/// <summary>
/// A timer cycle: an ISO 8601 repeating interval (<c>R/PT10M</c>, <c>R5/PT10M</c>,
/// <c>R3/2026-01-01T08:00:00+01:00/P1D</c>, the start optionally with a zone in brackets) or a cron expression
/// (<see cref="CronSchedule"/>).
/// </summary>
public sealed class TimerCycle
{
    private TimerCycle(string text, int? repetitions, FeelValue interval, string? start, CronSchedule? cron, ZonedStep? zonedStep = null)
    {
        Text = text;
        Repetitions = repetitions;
        Interval = interval;
        StartText = start;
        Cron = cron;
        _zonedStep = zonedStep;
    }

    // A start written with a zone ([Europe/Berlin]) repeats at the same wall-clock time across daylight saving changes,
    // as Camunda 8's ZonedDateTime arithmetic does: days and months are calendar steps there, hours elapsed time.
    private readonly ZonedStep? _zonedStep;

    public string Text { get; }

    /// <summary>How often the timer fires in all; null = until cancelled. Cron schedules repeat until cancelled.</summary>
    public int? Repetitions { get; }

    /// <summary>The interval of a repeating interval (a days-time or years-months duration); null for cron.</summary>
    public FeelValue Interval { get; }

    /// <summary>The explicit start of a repeating interval, as written (without zone brackets: with @zone).</summary>
    public string? StartText { get; }

    public CronSchedule? Cron { get; }

    public static bool TryParse(string text, out TimerCycle? cycle, out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        cycle = null;
        var trimmed = text.Trim();
        if (!trimmed.StartsWith('R'))
        {
            if (!CronSchedule.TryParse(trimmed, out var cron, out error))
            {
                return false;
            }

            cycle = new TimerCycle(trimmed, null, FeelValue.Null, null, cron);
            return true;
        }

        var parts = SplitOutsideBrackets(trimmed);
        int? repetitions = null;
        if (parts[0].Length > 1)
        {
            if (!int.TryParse(parts[0].AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count < 1)
            {
                error = $"The timer cycle '{text}' has no valid number of repetitions after R (e.g. R5/PT10M).";
                return false;
            }

            repetitions = count;
        }

        string? start = null;
        string durationText;
        switch (parts.Count)
        {
            case 2:
                durationText = parts[1];
                break;
            case 3:
                start = NormaliseDateTime(parts[1]);
                durationText = parts[2];
                if (start is null || !FeelTemporal.TryParseDateTime(start, out _))
                {
                    error = $"The start '{parts[1]}' of the timer cycle '{text}' is not an ISO 8601 date and time (e.g. 2026-01-01T08:00:00+01:00).";
                    return false;
                }

                break;
            default:
                error = $"The timer cycle '{text}' is not an ISO 8601 repeating interval such as R5/PT10M or R/2026-01-01T08:00:00Z/P1D.";
                return false;
        }

        if (!IsoDuration.TryParse(durationText, out var interval) || !IsPositive(interval))
        {
            error = $"The interval '{durationText}' of the timer cycle '{text}' is not a positive ISO 8601 duration (e.g. PT10M, P1D).";
            return false;
        }

        cycle = new TimerCycle(trimmed, repetitions, interval, start, null, ZonedStep.TryCreate(parts.Count == 3 ? parts[1] : null, durationText));
        error = null;
        return true;
    }

    /// <summary>When the timer fires first: the explicit start, else one interval from <paramref name="now"/>, or the next cron match.</summary>
    public DateTimeOffset? FirstDue(DateTimeOffset now, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        if (Cron is not null)
        {
            return Cron.NextAfter(now, zone);
        }

        if (StartText is not null)
        {
            return FeelTemporal.TryParseDateTime(StartText, out var start) && FeelTemporal.TryGetInstant(start, zone, out var instant) ? instant : null;
        }

        return FeelTemporal.TryAddTo(Interval, now, out var due) ? due : null;
    }

    /// <summary>When the timer fires after it fired at <paramref name="previousDue"/>.</summary>
    public DateTimeOffset? NextDue(DateTimeOffset previousDue, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        if (Cron is not null)
        {
            return Cron.NextAfter(previousDue, zone);
        }

        if (_zonedStep is not null)
        {
            return _zonedStep.Next(previousDue);
        }

        return FeelTemporal.TryAddTo(Interval, previousDue, out var due) ? due : null;
    }

    /// <summary>
    /// When the timer fires next after it fired for <paramref name="previousDue"/> at <paramref name="now"/>: the
    /// cycle's first occurrence after now. A timer that fired late (a node was down, the planner found it overdue)
    /// fired once for every occurrence it missed; making them up one by one would fire them in a burst, each at once.
    /// The cycle keeps its phase: R/PT10M started at 08:00 and fired at 08:37 fires next at 08:40.
    /// </summary>
    public DateTimeOffset? NextDueAfter(DateTimeOffset previousDue, DateTimeOffset now, TimeZoneInfo zone)
    {
        var next = NextDue(previousDue, zone);
        if (next is not { } due || due > now)
        {
            return next;
        }

        if (Cron is not null)
        {
            return Cron.NextAfter(now, zone);
        }

        if ((_zonedStep is null || _zonedStep.IsElapsedOnly) && Interval.TryGetDuration(out var step) && step > TimeSpan.Zero)
        {
            // Elapsed time: skip the missed occurrences in one step.
            var missed = ((now - due).Ticks / step.Ticks) + 1;
            return missed <= (DateTimeOffset.MaxValue - due).Ticks / step.Ticks ? due.AddTicks(missed * step.Ticks) : null;
        }

        // Calendar steps (months, or days in a zone) differ in length: walk them, one per missed occurrence.
        while (next is { } candidate && candidate <= now)
        {
            next = NextDue(candidate, zone);
        }

        return next;
    }

    public override string ToString() => Text;

    /// <summary>Splits at '/' except inside a zone in brackets (<c>[Europe/Berlin]</c>).</summary>
    private static List<string> SplitOutsideBrackets(string text)
    {
        var parts = new List<string>();
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '[':
                    depth++;
                    break;
                case ']':
                    depth--;
                    break;
                case '/' when depth == 0:
                    parts.Add(text[start..i]);
                    start = i + 1;
                    break;
            }
        }

        parts.Add(text[start..]);
        return parts;
    }

    private static bool IsPositive(FeelValue duration) => FeelTemporal.TryAddTo(duration, DateTimeOffset.UnixEpoch, out var end) && end > DateTimeOffset.UnixEpoch;

    /// <summary>Camunda writes a zone as <c>...+02:00[Europe/Berlin]</c>; FEEL writes <c>...@Europe/Berlin</c>.</summary>
    public static string? NormaliseDateTime(string text)
    {
        var open = text.IndexOf('[', StringComparison.Ordinal);
        if (open < 0)
        {
            return text;
        }

        if (!text.EndsWith(']'))
        {
            return null;
        }

        var zone = text[(open + 1)..^1];
        var dateTime = text[..open];
        // With an offset the instant is fixed already; the zone only names where it was written.
        var timePart = dateTime.IndexOf('T', StringComparison.Ordinal);
        var hasOffset = timePart > 0 && (dateTime.EndsWith('Z') || dateTime.IndexOfAny(['+', '-'], timePart) > 0);
        return hasOffset ? dateTime : $"{dateTime}@{zone}";
    }

    /// <summary>An interval stepped in the start's zone: calendar months and days on the local date, then elapsed time.</summary>
    private sealed class ZonedStep(TimeZoneInfo zone, int months, int days, TimeSpan elapsed)
    {
        /// <summary>Hours, minutes and seconds only: the same elapsed time in every zone.</summary>
        public bool IsElapsedOnly => months == 0 && days == 0;

        public static ZonedStep? TryCreate(string? startText, string durationText)
        {
            var open = startText?.IndexOf('[', StringComparison.Ordinal) ?? -1;
            if (open < 0 || !startText!.EndsWith(']') || !TimeZoneInfo.TryFindSystemTimeZoneById(startText[(open + 1)..^1], out var zone))
            {
                return null;
            }

            var text = durationText.Trim().ToUpperInvariant().TrimStart('+');
            if (text.StartsWith('-') || !text.StartsWith('P'))
            {
                return null;
            }

            var timeAt = text.IndexOf('T', StringComparison.Ordinal);
            var datePart = timeAt < 0 ? text[1..] : text[1..timeAt];
            var elapsed = TimeSpan.Zero;
            if (timeAt >= 0)
            {
                if (!IsoDuration.TryParse("P" + text[timeAt..], out var time) || !FeelTemporal.TryAddTo(time, DateTimeOffset.UnixEpoch, out var end))
                {
                    return null;
                }

                elapsed = end - DateTimeOffset.UnixEpoch;
            }

            var (months, days) = (0, 0);
            var number = 0L;
            foreach (var c in datePart)
            {
                if (char.IsAsciiDigit(c))
                {
                    number = (number * 10) + (c - '0');
                    if (number > 1_000_000)
                    {
                        return null;
                    }

                    continue;
                }

                switch (c)
                {
                    case 'Y': months += (int)number * 12; break;
                    case 'M': months += (int)number; break;
                    case 'W': days += (int)number * 7; break;
                    case 'D': days += (int)number; break;
                    default: return null;
                }

                number = 0;
            }

            return new ZonedStep(zone, months, days, elapsed);
        }

        public DateTimeOffset? Next(DateTimeOffset previous)
        {
            try
            {
                var local = TimeZoneInfo.ConvertTime(previous, zone).DateTime.AddMonths(months).AddDays(days);
                return Resolve(local).Add(elapsed);
            }
            catch (ArgumentOutOfRangeException)
            {
                return null;
            }
        }

        // A wall-clock time skipped by a spring-forward change moves on by the gap; a repeated one takes the earlier
        // (summer) offset, as java.time does.
        private DateTimeOffset Resolve(DateTime local)
        {
            local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
            if (zone.IsInvalidTime(local))
            {
                var before = zone.GetUtcOffset(local.AddHours(-3));
                return new DateTimeOffset(local, before).ToOffset(zone.GetUtcOffset(local.AddHours(3)));
            }

            if (zone.IsAmbiguousTime(local))
            {
                var offsets = zone.GetAmbiguousTimeOffsets(local);
                return new DateTimeOffset(local, offsets.Max());
            }

            return new DateTimeOffset(local, zone.GetUtcOffset(local));
        }
    }
}
