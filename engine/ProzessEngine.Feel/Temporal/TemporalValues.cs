namespace ProzessEngine.Feel.Temporal;

internal static class TemporalUnits
{
    public const long NanosPerSecond = 1_000_000_000;
    public const long NanosPerMinute = 60 * NanosPerSecond;
    public const long NanosPerHour = 60 * NanosPerMinute;
    public const long NanosPerDay = 24 * NanosPerHour;
    public const int MaxOffsetSeconds = 18 * 3600;
}

/// <summary>
/// A FEEL time: a local time of day, optionally with a fixed offset or an IANA zone id. A zoned time
/// has no definite offset (that needs a date), so <see cref="HasOffset"/> is false for it.
/// </summary>
internal readonly record struct FeelTime(long Nanos, int OffsetSeconds, bool HasOffset, string? Zone)
{
    public static FeelTime Local(long nanos) => new(nanos, 0, false, null);

    public static FeelTime WithOffset(long nanos, int offsetSeconds) => new(nanos, offsetSeconds, true, null);

    public static FeelTime Zoned(long nanos, string zone) => new(nanos, 0, false, zone);

    public bool IsLocal => !HasOffset && Zone is null;

    public int Hour => (int)(Nanos / TemporalUnits.NanosPerHour);

    public int Minute => (int)(Nanos / TemporalUnits.NanosPerMinute % 60);

    public int Second => (int)(Nanos / TemporalUnits.NanosPerSecond % 60);

    public long FractionNanos => Nanos % TemporalUnits.NanosPerSecond;

    /// <summary>Time of day shifted to UTC (may leave 0..24h), for comparing times with offsets.</summary>
    public long UtcNanos => Nanos - (OffsetSeconds * TemporalUnits.NanosPerSecond);
}

/// <summary>
/// A FEEL date and time. Local values have neither offset nor zone; offset values have a fixed offset;
/// zoned values keep their IANA zone id and the offset the zone had at that local time.
/// </summary>
internal readonly record struct FeelDateTime(long EpochDay, long Nanos, int OffsetSeconds, bool HasOffset, string? Zone)
{
    public static FeelDateTime Local(long epochDay, long nanos) => new(epochDay, nanos, 0, false, null);

    public static FeelDateTime WithOffset(long epochDay, long nanos, int offsetSeconds) => new(epochDay, nanos, offsetSeconds, true, null);

    public bool IsLocal => !HasOffset;

    public FeelDate Date => new(EpochDay);

    public FeelTime Time => Zone is not null
        ? FeelTime.Zoned(Nanos, Zone)
        : HasOffset ? FeelTime.WithOffset(Nanos, OffsetSeconds) : FeelTime.Local(Nanos);

    public Int128 LocalNanos => ((Int128)EpochDay * TemporalUnits.NanosPerDay) + Nanos;

    public Int128 InstantNanos => LocalNanos - ((Int128)OffsetSeconds * TemporalUnits.NanosPerSecond);

    public static FeelDateTime FromLocalNanos(Int128 localNanos, int offsetSeconds, bool hasOffset, string? zone)
    {
        var day = (long)Int128FloorDivide(localNanos, TemporalUnits.NanosPerDay);
        var nanos = (long)(localNanos - ((Int128)day * TemporalUnits.NanosPerDay));
        return new FeelDateTime(day, nanos, offsetSeconds, hasOffset, zone);
    }

    public static Int128 Int128FloorDivide(Int128 value, long divisor)
    {
        var quotient = value / divisor;
        if (value % divisor != 0 && (value < 0) != (divisor < 0))
        {
            quotient--;
        }

        return quotient;
    }
}

internal readonly record struct DaysTimeDuration(Int128 Nanos)
{
    public bool IsNegative => Nanos < 0;

    public Int128 Magnitude => Nanos < 0 ? -Nanos : Nanos;

    public long Days => (long)(Nanos / TemporalUnits.NanosPerDay);

    public int Hours => (int)(Nanos / TemporalUnits.NanosPerHour % 24);

    public int Minutes => (int)(Nanos / TemporalUnits.NanosPerMinute % 60);

    public long Seconds => (long)(Nanos / TemporalUnits.NanosPerSecond % 60);
}

internal readonly record struct YearsMonthsDuration(long Months)
{
    public long Years => Months / 12;

    public long MonthsPart => Months % 12;
}
