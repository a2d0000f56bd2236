namespace ProzessEngine.Core.Calendar;

/// <summary>Easter Sunday by the Gregorian computus, the date on which the movable German holidays depend.</summary>
public static class GregorianEaster
{
    /// <summary>The first year of the Gregorian calendar for which the computus is defined.</summary>
    public const int FirstYear = 1583;

    /// <summary>
    /// Easter Sunday of <paramref name="year"/> (1583–9999): the first Sunday after the ecclesiastical full moon
    /// on or after 21 March, with the full moon taken from the 19-year lunar cycle as corrected by the Gregorian reform.
    /// </summary>
    public static DateOnly Sunday(int year)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(year, FirstYear);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(year, DateOnly.MaxValue.Year);

        // Position of the year in the 19-year cycle after which the moon phases repeat on the same dates (1..19).
        int goldenNumber = year % 19 + 1;
        int century = year / 100 + 1;

        // The Gregorian calendar skips three leap days in four centuries; the lunar tables move the other way by
        // eight days in 25 centuries. Both shift the age of the moon on 1 January (the epact).
        int skippedLeapDays = 3 * century / 4 - 12;
        int lunarCorrection = (8 * century + 5) / 25 - 5;

        // Late in DateOnly's range the sum turns negative, and C#'s % keeps the sign: fold it into 0..29.
        int epact = ((11 * goldenNumber + 20 + lunarCorrection - skippedLeapDays) % 30 + 30) % 30;
        // The reform's tables never put the paschal full moon after 18 April and never give two years of one
        // cycle the same one: epact 24 (19 April) and epact 25 late in the cycle (18 April, now taken by 24)
        // each move one day earlier.
        if (epact == 24 || (epact == 25 && goldenNumber > 11))
        {
            epact++;
        }

        // Paschal full moon as a day of March (values over 31 run on into April).
        int fullMoon = 44 - epact;
        if (fullMoon < 21)
        {
            fullMoon += 30;
        }

        // Day n of March is a Sunday when (sundayKey + n) is divisible by 7: 5y/4 counts the weekday drift of
        // the Julian years, the skipped leap days correct it to the Gregorian ones.
        int sundayKey = 5 * year / 4 - skippedLeapDays - 10;
        int easterDayOfMarch = fullMoon + 7 - (sundayKey + fullMoon) % 7;

        return easterDayOfMarch > 31
            ? new DateOnly(year, 4, easterDayOfMarch - 31)
            : new DateOnly(year, 3, easterDayOfMarch);
    }
}
