using System.Globalization;

namespace ProzessEngine.Bpmn;

/// <summary>
/// A cron expression as Camunda 8 accepts it for timer cycles (Spring's six fields: second, minute, hour, day of month,
/// month, day of week), with lists, ranges, steps, month and day names, <c>?</c>, <c>L</c>, <c>L-n</c>, <c>nW</c>,
/// <c>LW</c>, <c>nL</c> and <c>n#k</c>, and the macros <c>@yearly</c>, <c>@monthly</c>, <c>@weekly</c>, <c>@daily</c>,
/// <c>@hourly</c>. Five fields (without seconds) are accepted as well. Day of month and day of week must both match,
/// as in Spring. Evaluated in local time of a time zone; local times skipped by a daylight-saving change never fire.
/// </summary>
public sealed class CronSchedule
{
    private static readonly string[] MonthNames = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
    private static readonly string[] DayNames = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

    private readonly ulong _seconds;
    private readonly ulong _minutes;
    private readonly ulong _hours;
    private readonly ulong _months;
    private readonly DayField _daysOfMonth;
    private readonly DayField _daysOfWeek;

    private CronSchedule(string text, ulong seconds, ulong minutes, ulong hours, DayField daysOfMonth, ulong months, DayField daysOfWeek)
    {
        Text = text;
        _seconds = seconds;
        _minutes = minutes;
        _hours = hours;
        _daysOfMonth = daysOfMonth;
        _months = months;
        _daysOfWeek = daysOfWeek;
    }

    public string Text { get; }

    public static bool TryParse(string text, out CronSchedule? schedule, out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        schedule = null;
        var trimmed = text.Trim();
        var expanded = trimmed.ToUpperInvariant() switch
        {
            "@YEARLY" or "@ANNUALLY" => "0 0 0 1 1 *",
            "@MONTHLY" => "0 0 0 1 * *",
            "@WEEKLY" => "0 0 0 * * 0",
            "@DAILY" or "@MIDNIGHT" => "0 0 0 * * *",
            "@HOURLY" => "0 0 * * * *",
            _ => trimmed,
        };
        var fields = expanded.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length == 5)
        {
            fields = ["0", .. fields];
        }

        if (fields.Length != 6)
        {
            error = $"'{text}' is neither an ISO 8601 repeating interval (e.g. R5/PT10M) nor a cron expression of six fields (e.g. 0 0 9 * * MON-FRI).";
            return false;
        }

        try
        {
            var seconds = ParseSimple(fields[0], 0, 59, null, "second");
            var minutes = ParseSimple(fields[1], 0, 59, null, "minute");
            var hours = ParseSimple(fields[2], 0, 23, null, "hour");
            var daysOfMonth = ParseDaysOfMonth(fields[3]);
            var months = ParseSimple(fields[4], 1, 12, MonthNames, "month");
            var daysOfWeek = ParseDaysOfWeek(fields[5]);
            var candidate = new CronSchedule(trimmed, seconds, minutes, hours, daysOfMonth, months, daysOfWeek);
            if (candidate.NextAfter(new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero), TimeZoneInfo.Utc) is null)
            {
                error = $"The cron expression '{text}' never fires.";
                return false;
            }

            schedule = candidate;
            error = null;
            return true;
        }
        catch (FormatException ex)
        {
            error = $"The cron expression '{text}' is not valid: {ex.Message}";
            return false;
        }
    }

    /// <summary>The first instant after <paramref name="after"/> (whole seconds) that matches; null when none follows within 50 years.</summary>
    public DateTimeOffset? NextAfter(DateTimeOffset after, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var local = TimeZoneInfo.ConvertTime(after, zone).DateTime;
        var t = new DateTime(local.Year, local.Month, local.Day, local.Hour, local.Minute, local.Second, DateTimeKind.Unspecified).AddSeconds(1);
        var lastYear = local.Year + 50;
        while (t.Year <= lastYear)
        {
            if (!Has(_months, t.Month))
            {
                t = new DateTime(t.Year, t.Month, 1, 0, 0, 0, DateTimeKind.Unspecified).AddMonths(1);
                continue;
            }

            if (!_daysOfMonth.Matches(DateOnly.FromDateTime(t), isDayOfWeek: false) || !_daysOfWeek.Matches(DateOnly.FromDateTime(t), isDayOfWeek: true))
            {
                t = t.Date.AddDays(1);
                continue;
            }

            if (!Has(_hours, t.Hour))
            {
                t = t.Date.AddHours(t.Hour + 1);
                continue;
            }

            if (!Has(_minutes, t.Minute))
            {
                t = t.Date.AddHours(t.Hour).AddMinutes(t.Minute + 1);
                continue;
            }

            if (!Has(_seconds, t.Second))
            {
                t = t.AddSeconds(1);
                continue;
            }

            if (zone.IsInvalidTime(t))
            {
                t = t.AddSeconds(1);
                continue;
            }

            var offset = zone.IsAmbiguousTime(t) ? zone.GetAmbiguousTimeOffsets(t).Max() : zone.GetUtcOffset(t);
            var instant = new DateTimeOffset(t, offset);
            if (instant <= after)
            {
                t = t.AddSeconds(1);
                continue;
            }

            return instant;
        }

        return null;
    }

    public override string ToString() => Text;

    private static bool Has(ulong bits, int value) => (bits & (1UL << value)) != 0;

    private static ulong ParseSimple(string field, int min, int max, string[]? names, string what)
    {
        ulong bits = 0;
        foreach (var part in field.Split(','))
        {
            bits |= ParseRange(part, min, max, names, what, namesStartAt: what == "month" ? 1 : 0);
        }

        return bits;
    }

    private static ulong ParseRange(string part, int min, int max, string[]? names, string what, int namesStartAt)
    {
        if (part.Length == 0)
        {
            throw new FormatException($"empty {what} value");
        }

        var step = 1;
        var slash = part.IndexOf('/', StringComparison.Ordinal);
        var range = part;
        if (slash >= 0)
        {
            step = Number(part[(slash + 1)..], 1, max, null, what, namesStartAt);
            range = part[..slash];
        }

        int from, to;
        if (range is "*" or "?")
        {
            from = min;
            to = max;
        }
        else
        {
            var dash = range.IndexOf('-', StringComparison.Ordinal);
            if (dash > 0)
            {
                from = Number(range[..dash], min, max, names, what, namesStartAt);
                to = Number(range[(dash + 1)..], min, max, names, what, namesStartAt);
            }
            else
            {
                from = Number(range, min, max, names, what, namesStartAt);
                to = slash >= 0 ? max : from;
            }
        }

        if (to < from)
        {
            throw new FormatException($"the {what} range {range} runs backwards");
        }

        ulong bits = 0;
        for (var value = from; value <= to; value += step)
        {
            bits |= 1UL << value;
        }

        return bits;
    }

    private static int Number(string text, int min, int max, string[]? names, string what, int namesStartAt)
    {
        if (names is not null)
        {
            var index = Array.IndexOf(names, text);
            if (index >= 0)
            {
                return index + namesStartAt;
            }
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw new FormatException($"'{text}' is not a {what} from {min} to {max}");
        }

        return value;
    }

    private static DayField ParseDaysOfMonth(string field)
    {
        ulong bits = 0;
        var rules = new List<Func<DateOnly, bool>>();
        foreach (var part in field.Split(','))
        {
            if (part == "L")
            {
                rules.Add(d => d.Day == DateTime.DaysInMonth(d.Year, d.Month));
            }
            else if (part == "LW")
            {
                rules.Add(d => d == LastWeekday(d.Year, d.Month));
            }
            else if (part.StartsWith("L-", StringComparison.Ordinal))
            {
                var offset = Number(part[2..], 0, 30, null, "day-of-month offset", 0);
                rules.Add(d => d.Day == Math.Max(1, DateTime.DaysInMonth(d.Year, d.Month) - offset));
            }
            else if (part.EndsWith('W'))
            {
                var day = Number(part[..^1], 1, 31, null, "day of month", 0);
                rules.Add(d => NearestWeekday(d.Year, d.Month, day) == d);
            }
            else
            {
                bits |= ParseRange(part, 1, 31, null, "day of month", 0);
            }
        }

        return new DayField(bits, [.. rules]);
    }

    private static DayField ParseDaysOfWeek(string field)
    {
        ulong bits = 0;
        var rules = new List<Func<DateOnly, bool>>();
        foreach (var part in field.Split(','))
        {
            var hash = part.IndexOf('#', StringComparison.Ordinal);
            if (hash > 0)
            {
                var day = DayOfWeekNumber(part[..hash]);
                var nth = Number(part[(hash + 1)..], 1, 5, null, "week of month", 0);
                rules.Add(d => (int)d.DayOfWeek == day && (d.Day - 1) / 7 == nth - 1);
            }
            else if (part.Length > 1 && part.EndsWith('L'))
            {
                var day = DayOfWeekNumber(part[..^1]);
                rules.Add(d => (int)d.DayOfWeek == day && d.AddDays(7).Month != d.Month);
            }
            else
            {
                var raw = ParseRange(part, 0, 7, DayNames, "day of week", 0);
                if ((raw & (1UL << 7)) != 0)
                {
                    raw = (raw & ~(1UL << 7)) | 1UL;
                }

                bits |= raw;
            }
        }

        return new DayField(bits, [.. rules]);
    }

    private static int DayOfWeekNumber(string text) => Number(text, 0, 7, DayNames, "day of week", 0) % 7;

    private static DateOnly LastWeekday(int year, int month)
    {
        var day = new DateOnly(year, month, DateTime.DaysInMonth(year, month));
        while (day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
        {
            day = day.AddDays(-1);
        }

        return day;
    }

    private static DateOnly? NearestWeekday(int year, int month, int dayOfMonth)
    {
        if (dayOfMonth > DateTime.DaysInMonth(year, month))
        {
            return null;
        }

        var day = new DateOnly(year, month, dayOfMonth);
        return day.DayOfWeek switch
        {
            DayOfWeek.Saturday => dayOfMonth == 1 ? day.AddDays(2) : day.AddDays(-1),
            DayOfWeek.Sunday => dayOfMonth == DateTime.DaysInMonth(year, month) ? day.AddDays(-2) : day.AddDays(1),
            _ => day,
        };
    }

    private readonly record struct DayField(ulong Bits, Func<DateOnly, bool>[] Rules)
    {
        public bool Matches(DateOnly date, bool isDayOfWeek)
        {
            var value = isDayOfWeek ? (int)date.DayOfWeek : date.Day;
            if ((Bits & (1UL << value)) != 0)
            {
                return true;
            }

            foreach (var rule in Rules)
            {
                if (rule(date))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
