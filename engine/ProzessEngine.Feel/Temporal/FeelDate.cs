namespace ProzessEngine.Feel.Temporal;

/// <summary>
/// A proleptic Gregorian date as days since 1970-01-01. FEEL dates span years -999,999,999 to
/// 999,999,999, far beyond DateOnly, so the calendar arithmetic is done here (civil-from-days
/// algorithm on 400-year eras).
/// </summary>
internal readonly record struct FeelDate(long EpochDay)
{
    public const long MinYear = -999_999_999;
    public const long MaxYear = 999_999_999;

    public static bool TryCreate(long year, long month, long day, out FeelDate date)
    {
        date = default;
        if (year is < MinYear or > MaxYear || month is < 1 or > 12 || day < 1 || day > DaysInMonth(year, (int)month))
        {
            return false;
        }

        date = new FeelDate(DaysFromCivil(year, (int)month, (int)day));
        return true;
    }

    /// <summary>Creates a date, clamping the day to the month's last day (end-of-month arithmetic).</summary>
    public static bool TryCreateClamped(long year, int month, int day, out FeelDate date)
    {
        date = default;
        if (year is < MinYear or > MaxYear)
        {
            return false;
        }

        date = new FeelDate(DaysFromCivil(year, month, Math.Min(day, DaysInMonth(year, month))));
        return true;
    }

    public static FeelDate FromDateOnly(DateOnly date) => new(date.DayNumber - UnixEpochDayNumber);

    private const int UnixEpochDayNumber = 719162;

    public long Year => ToCivil().Year;

    public int Month => ToCivil().Month;

    public int Day => ToCivil().Day;

    public (long Year, int Month, int Day) ToCivil()
    {
        var z = EpochDay + 719468;
        var era = (z >= 0 ? z : z - 146096) / 146097;
        var dayOfEra = z - (era * 146097);
        var yearOfEra = (dayOfEra - (dayOfEra / 1460) + (dayOfEra / 36524) - (dayOfEra / 146096)) / 365;
        var year = yearOfEra + (era * 400);
        var dayOfYear = dayOfEra - ((365 * yearOfEra) + (yearOfEra / 4) - (yearOfEra / 100));
        var mp = ((5 * dayOfYear) + 2) / 153;
        var day = (int)(dayOfYear - (((153 * mp) + 2) / 5) + 1);
        var month = (int)(mp < 10 ? mp + 3 : mp - 9);
        return (month <= 2 ? year + 1 : year, month, day);
    }

    public static long DaysFromCivil(long year, int month, int day)
    {
        year -= month <= 2 ? 1 : 0;
        var era = (year >= 0 ? year : year - 399) / 400;
        var yearOfEra = year - (era * 400);
        var dayOfYear = ((153 * (month + (month > 2 ? -3 : 9))) + 2) / 5 + day - 1;
        var dayOfEra = (yearOfEra * 365) + (yearOfEra / 4) - (yearOfEra / 100) + dayOfYear;
        return (era * 146097) + dayOfEra - 719468;
    }

    public static bool IsLeapYear(long year) => (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;

    public static int DaysInMonth(long year, int month) => month switch
    {
        2 => IsLeapYear(year) ? 29 : 28,
        4 or 6 or 9 or 11 => 30,
        _ => 31,
    };

    /// <summary>ISO weekday: 1 = Monday ... 7 = Sunday.</summary>
    public int IsoWeekday
    {
        get
        {
            // 1970-01-01 was a Thursday (4).
            var shifted = (EpochDay + 3) % 7;
            if (shifted < 0)
            {
                shifted += 7;
            }

            return (int)shifted + 1;
        }
    }

    public int DayOfYear
    {
        get
        {
            var (year, _, _) = ToCivil();
            return (int)(EpochDay - DaysFromCivil(year, 1, 1)) + 1;
        }
    }

    /// <summary>ISO 8601 week number (weeks start on Monday, week 1 holds the first Thursday).</summary>
    public int IsoWeekOfYear
    {
        get
        {
            var thursday = new FeelDate(EpochDay - IsoWeekday + 4);
            return ((thursday.DayOfYear - 1) / 7) + 1;
        }
    }

    public bool TryAddMonths(long months, out FeelDate result)
    {
        var (year, month, day) = ToCivil();
        var total = (year * 12) + (month - 1) + months;
        var newYear = FloorDivide(total, 12);
        var newMonth = (int)(total - (newYear * 12)) + 1;
        return TryCreateClamped(newYear, newMonth, day, out result);
    }

    public static long FloorDivide(long value, long divisor)
    {
        var quotient = value / divisor;
        return (value % divisor != 0 && (value < 0) != (divisor < 0)) ? quotient - 1 : quotient;
    }

    public bool IsInRange => Year is >= MinYear and <= MaxYear;

    public DateOnly? ToDateOnly()
    {
        var dayNumber = EpochDay + UnixEpochDayNumber;
        if (dayNumber < DateOnly.MinValue.DayNumber || dayNumber > DateOnly.MaxValue.DayNumber)
        {
            return null;
        }

        return DateOnly.FromDayNumber((int)dayNumber);
    }
}
