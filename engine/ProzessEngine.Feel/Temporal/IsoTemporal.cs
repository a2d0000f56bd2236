using System.Globalization;
using System.Text;

namespace ProzessEngine.Feel.Temporal;

/// <summary>Parses and formats the ISO 8601 / XML Schema texts FEEL uses for temporal values.</summary>
internal static class IsoTemporal
{
    public static bool TryParseDate(ReadOnlySpan<char> text, out FeelDate date)
    {
        date = default;
        var position = 0;
        if (!TryReadDate(text, ref position, out date) || position != text.Length)
        {
            return false;
        }

        return true;
    }

    private static bool TryReadDate(ReadOnlySpan<char> text, ref int position, out FeelDate date)
    {
        date = default;
        var negative = false;
        if (position < text.Length && text[position] == '-')
        {
            negative = true;
            position++;
        }

        var start = position;
        long year = 0;
        while (position < text.Length && char.IsAsciiDigit(text[position]))
        {
            if (position - start >= 9)
            {
                return false;
            }

            year = (year * 10) + (text[position] - '0');
            position++;
        }

        var yearDigits = position - start;
        if (yearDigits < 4 || (yearDigits > 4 && text[start] == '0'))
        {
            return false;
        }

        if (!TryReadSeparator(text, ref position, '-') || !TryReadTwoDigits(text, ref position, out var month)
            || !TryReadSeparator(text, ref position, '-') || !TryReadTwoDigits(text, ref position, out var day))
        {
            return false;
        }

        return FeelDate.TryCreate(negative ? -year : year, month, day, out date);
    }

    public static bool TryParseTime(ReadOnlySpan<char> text, out FeelTime time)
    {
        // 24:00:00 reads as midnight; only a date and time carries it over to the next day.
        var position = 0;
        return TryReadTime(text, ref position, out time, out _) && position == text.Length;
    }

    public static bool TryParseDateTime(ReadOnlySpan<char> text, out FeelDateTime dateTime)
    {
        dateTime = default;
        var position = 0;
        if (!TryReadDate(text, ref position, out var date))
        {
            return false;
        }

        if (position == text.Length)
        {
            dateTime = FeelDateTime.Local(date.EpochDay, 0);
            return true;
        }

        if (text[position] != 'T')
        {
            return false;
        }

        position++;
        if (!TryReadTime(text, ref position, out var time, out var isEndOfDay) || position != text.Length)
        {
            return false;
        }

        var epochDay = date.EpochDay + (isEndOfDay ? 1 : 0);
        if (time.Zone is not null)
        {
            if (!FeelTimeZones.TryFind(time.Zone, out var zone))
            {
                return false;
            }

            dateTime = FeelTimeZones.ResolveLocal(epochDay, time.Nanos, time.Zone, zone);
            return true;
        }

        dateTime = new FeelDateTime(epochDay, time.Nanos, time.OffsetSeconds, time.HasOffset, null);
        return true;
    }

    /// <summary>Reads hh:mm:ss[.fff][Z|+hh:mm[:ss]|@zone]; 24:00:00 is accepted as end of day.</summary>
    private static bool TryReadTime(ReadOnlySpan<char> text, ref int position, out FeelTime time, out bool isEndOfDay)
    {
        time = default;
        isEndOfDay = false;
        if (!TryReadTwoDigits(text, ref position, out var hour) || !TryReadSeparator(text, ref position, ':')
            || !TryReadTwoDigits(text, ref position, out var minute) || !TryReadSeparator(text, ref position, ':')
            || !TryReadTwoDigits(text, ref position, out var second))
        {
            return false;
        }

        long fraction = 0;
        var fractionDigits = 0;
        if (position < text.Length && text[position] == '.')
        {
            position++;
            var start = position;
            while (position < text.Length && char.IsAsciiDigit(text[position]))
            {
                if (fractionDigits < 9)
                {
                    fraction = (fraction * 10) + (text[position] - '0');
                    fractionDigits++;
                }

                position++;
            }

            if (position == start)
            {
                return false;
            }
        }

        for (var i = fractionDigits; i < 9; i++)
        {
            fraction *= 10;
        }

        if (hour == 24 && minute == 0 && second == 0 && fraction == 0)
        {
            isEndOfDay = true;
            hour = 0;
        }
        else if (hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        var nanos = (hour * TemporalUnits.NanosPerHour) + (minute * TemporalUnits.NanosPerMinute) + (second * TemporalUnits.NanosPerSecond) + fraction;
        if (position == text.Length)
        {
            time = FeelTime.Local(nanos);
            return true;
        }

        var c = text[position];
        if (c is 'Z' or 'z')
        {
            position++;
            time = FeelTime.WithOffset(nanos, 0);
            return true;
        }

        if (c is '+' or '-')
        {
            position++;
            if (!TryReadTwoDigits(text, ref position, out var offsetHours) || !TryReadSeparator(text, ref position, ':')
                || !TryReadTwoDigits(text, ref position, out var offsetMinutes))
            {
                return false;
            }

            var offsetSeconds = 0;
            if (position < text.Length && text[position] == ':')
            {
                position++;
                if (!TryReadTwoDigits(text, ref position, out offsetSeconds))
                {
                    return false;
                }
            }

            var total = (offsetHours * 3600) + (offsetMinutes * 60) + offsetSeconds;
            if (offsetMinutes > 59 || offsetSeconds > 59 || total > TemporalUnits.MaxOffsetSeconds)
            {
                return false;
            }

            time = FeelTime.WithOffset(nanos, c == '-' ? -total : total);
            return true;
        }

        if (c == '@')
        {
            var zoneId = text[(position + 1)..].ToString();
            if (!FeelTimeZones.TryFind(zoneId, out _))
            {
                return false;
            }

            position = text.Length;
            time = FeelTime.Zoned(nanos, zoneId);
            return true;
        }

        return false;
    }

    private static bool TryReadTwoDigits(ReadOnlySpan<char> text, ref int position, out int value)
    {
        value = 0;
        if (position + 2 > text.Length || !char.IsAsciiDigit(text[position]) || !char.IsAsciiDigit(text[position + 1]))
        {
            return false;
        }

        value = ((text[position] - '0') * 10) + (text[position + 1] - '0');
        position += 2;
        return true;
    }

    private static bool TryReadSeparator(ReadOnlySpan<char> text, ref int position, char separator)
    {
        if (position < text.Length && text[position] == separator)
        {
            position++;
            return true;
        }

        return false;
    }

    /// <summary>Parses an xs:duration; the result is a days-time or a years-months duration, never both.</summary>
    public static bool TryParseDuration(ReadOnlySpan<char> text, out DaysTimeDuration daysTime, out YearsMonthsDuration yearsMonths, out bool isYearsMonths)
    {
        daysTime = default;
        yearsMonths = default;
        isYearsMonths = false;
        var position = 0;
        var negative = false;
        if (position < text.Length && text[position] == '-')
        {
            negative = true;
            position++;
        }

        if (position >= text.Length || text[position] != 'P')
        {
            return false;
        }

        position++;
        Int128 years = 0, months = 0, days = 0, hours = 0, minutes = 0, secondsNanos = 0;
        var any = false;
        var anyYearsMonths = false;
        var anyDaysTime = false;
        var inTime = false;
        var order = 0;
        while (position < text.Length)
        {
            if (text[position] == 'T')
            {
                if (inTime)
                {
                    return false;
                }

                inTime = true;
                position++;
                if (position >= text.Length)
                {
                    return false;
                }

                continue;
            }

            var start = position;
            Int128 number = 0;
            while (position < text.Length && char.IsAsciiDigit(text[position]))
            {
                if (position - start > 20)
                {
                    return false;
                }

                number = (number * 10) + (text[position] - '0');
                position++;
            }

            if (position == start || position >= text.Length)
            {
                return false;
            }

            long fraction = 0;
            var hasFraction = false;
            if (text[position] == '.')
            {
                hasFraction = true;
                position++;
                var digits = 0;
                while (position < text.Length && char.IsAsciiDigit(text[position]))
                {
                    if (digits < 9)
                    {
                        fraction = (fraction * 10) + (text[position] - '0');
                        digits++;
                    }

                    position++;
                }

                for (; digits < 9; digits++)
                {
                    fraction *= 10;
                }

                if (position >= text.Length)
                {
                    return false;
                }
            }

            var designator = text[position];
            position++;
            int rank;
            if (!inTime)
            {
                rank = designator switch { 'Y' => 1, 'M' => 2, 'D' => 3, _ => 0 };
            }
            else
            {
                rank = designator switch { 'H' => 4, 'M' => 5, 'S' => 6, _ => 0 };
            }

            if (rank == 0 || rank <= order || (hasFraction && rank != 6))
            {
                return false;
            }

            order = rank;
            any = true;
            switch (rank)
            {
                case 1: years = number; anyYearsMonths = true; break;
                case 2: months = number; anyYearsMonths = true; break;
                case 3: days = number; anyDaysTime = true; break;
                case 4: hours = number; anyDaysTime = true; break;
                case 5: minutes = number; anyDaysTime = true; break;
                default: secondsNanos = (number * TemporalUnits.NanosPerSecond) + fraction; anyDaysTime = true; break;
            }
        }

        if (!any || (inTime && order < 4) || (anyYearsMonths && anyDaysTime))
        {
            return false;
        }

        if (anyYearsMonths)
        {
            var total = (years * 12) + months;
            if (total > long.MaxValue / 2)
            {
                return false;
            }

            isYearsMonths = true;
            yearsMonths = new YearsMonthsDuration(negative ? -(long)total : (long)total);
            return true;
        }

        var nanos = (days * TemporalUnits.NanosPerDay) + (hours * TemporalUnits.NanosPerHour) + (minutes * TemporalUnits.NanosPerMinute) + secondsNanos;
        daysTime = new DaysTimeDuration(negative ? -nanos : nanos);
        return true;
    }

    public static string FormatDate(FeelDate date)
    {
        var builder = new StringBuilder(10);
        AppendDate(builder, date);
        return builder.ToString();
    }

    public static void AppendDate(StringBuilder builder, FeelDate date)
    {
        var (year, month, day) = date.ToCivil();
        if (year < 0)
        {
            builder.Append('-');
        }

        builder.Append(Math.Abs(year).ToString("0000", CultureInfo.InvariantCulture));
        builder.Append('-').Append(month.ToString("00", CultureInfo.InvariantCulture));
        builder.Append('-').Append(day.ToString("00", CultureInfo.InvariantCulture));
    }

    public static string FormatTime(FeelTime time)
    {
        var builder = new StringBuilder(20);
        AppendTime(builder, time.Nanos);
        AppendZone(builder, time.HasOffset, time.OffsetSeconds, time.Zone);
        return builder.ToString();
    }

    public static string FormatDateTime(FeelDateTime dateTime)
    {
        var builder = new StringBuilder(32);
        AppendDate(builder, dateTime.Date);
        builder.Append('T');
        AppendTime(builder, dateTime.Nanos);
        AppendZone(builder, dateTime.HasOffset, dateTime.OffsetSeconds, dateTime.Zone);
        return builder.ToString();
    }

    private static void AppendTime(StringBuilder builder, long nanos)
    {
        var hour = nanos / TemporalUnits.NanosPerHour;
        var minute = nanos / TemporalUnits.NanosPerMinute % 60;
        var second = nanos / TemporalUnits.NanosPerSecond % 60;
        var fraction = nanos % TemporalUnits.NanosPerSecond;
        builder.Append(hour.ToString("00", CultureInfo.InvariantCulture)).Append(':')
            .Append(minute.ToString("00", CultureInfo.InvariantCulture)).Append(':')
            .Append(second.ToString("00", CultureInfo.InvariantCulture));
        AppendFraction(builder, fraction);
    }

    private static void AppendFraction(StringBuilder builder, long fraction)
    {
        if (fraction == 0)
        {
            return;
        }

        var digits = fraction.ToString("000000000", CultureInfo.InvariantCulture).TrimEnd('0');
        builder.Append('.').Append(digits);
    }

    public static string FormatOffset(int offsetSeconds)
    {
        var builder = new StringBuilder(9);
        AppendOffset(builder, offsetSeconds);
        return builder.ToString();
    }

    private static void AppendZone(StringBuilder builder, bool hasOffset, int offsetSeconds, string? zone)
    {
        if (zone is not null)
        {
            builder.Append('@').Append(zone);
        }
        else if (hasOffset)
        {
            AppendOffset(builder, offsetSeconds);
        }
    }

    private static void AppendOffset(StringBuilder builder, int offsetSeconds)
    {
        if (offsetSeconds == 0)
        {
            builder.Append('Z');
            return;
        }

        builder.Append(offsetSeconds < 0 ? '-' : '+');
        var magnitude = Math.Abs(offsetSeconds);
        builder.Append((magnitude / 3600).ToString("00", CultureInfo.InvariantCulture)).Append(':')
            .Append((magnitude / 60 % 60).ToString("00", CultureInfo.InvariantCulture));
        if (magnitude % 60 != 0)
        {
            builder.Append(':').Append((magnitude % 60).ToString("00", CultureInfo.InvariantCulture));
        }
    }

    public static string FormatDaysTime(DaysTimeDuration duration)
    {
        var nanos = duration.Magnitude;
        if (nanos == 0)
        {
            return "PT0S";
        }

        var builder = new StringBuilder(24);
        if (duration.IsNegative)
        {
            builder.Append('-');
        }

        builder.Append('P');
        var days = nanos / TemporalUnits.NanosPerDay;
        var rest = nanos % TemporalUnits.NanosPerDay;
        if (days != 0)
        {
            builder.Append(days.ToString(CultureInfo.InvariantCulture)).Append('D');
        }

        if (rest != 0)
        {
            builder.Append('T');
            var hours = (long)(rest / TemporalUnits.NanosPerHour);
            var minutes = (long)(rest / TemporalUnits.NanosPerMinute % 60);
            var seconds = (long)(rest / TemporalUnits.NanosPerSecond % 60);
            var fraction = (long)(rest % TemporalUnits.NanosPerSecond);
            if (hours != 0)
            {
                builder.Append(hours.ToString(CultureInfo.InvariantCulture)).Append('H');
            }

            if (minutes != 0)
            {
                builder.Append(minutes.ToString(CultureInfo.InvariantCulture)).Append('M');
            }

            if (seconds != 0 || fraction != 0)
            {
                builder.Append(seconds.ToString(CultureInfo.InvariantCulture));
                AppendFraction(builder, fraction);
                builder.Append('S');
            }
        }

        return builder.ToString();
    }

    public static string FormatYearsMonths(YearsMonthsDuration duration)
    {
        if (duration.Months == 0)
        {
            return "P0M";
        }

        var builder = new StringBuilder(16);
        if (duration.Months < 0)
        {
            builder.Append('-');
        }

        builder.Append('P');
        var magnitude = Math.Abs(duration.Months);
        if (magnitude / 12 != 0)
        {
            builder.Append((magnitude / 12).ToString(CultureInfo.InvariantCulture)).Append('Y');
        }

        if (magnitude % 12 != 0)
        {
            builder.Append((magnitude % 12).ToString(CultureInfo.InvariantCulture)).Append('M');
        }

        return builder.ToString();
    }
}
