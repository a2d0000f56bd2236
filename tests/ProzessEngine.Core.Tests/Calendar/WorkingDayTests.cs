using ProzessEngine.Core.Calendar;

namespace ProzessEngine.Core.Tests.Calendar;

public sealed class WorkingDayTests
{
    private static readonly BusinessCalendar Bayern = BusinessCalendar.ForState(FederalState.BY);
    private static readonly BusinessCalendar Berlin = BusinessCalendar.ForState(FederalState.BE);

    [Theory]
    [InlineData("2026-03-06", true)] // Friday
    [InlineData("2026-03-07", false)] // Saturday
    [InlineData("2026-03-08", false)] // Sunday
    [InlineData("2026-04-03", false)] // Karfreitag
    [InlineData("2026-06-04", false)] // Fronleichnam in Bayern
    [InlineData("2026-11-18", true)] // Buß- und Bettag is a working day in Bayern
    public void IsWorkingDay_InBayern(string date, bool expected) =>
        Assert.Equal(expected, Bayern.IsWorkingDay(DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void AddWorkingDays_AcrossChristmas_SkipsHolidaysAndTheWeekend()
    {
        // Tue 22 Dec 2026 + 3: Wed 23 (1), Thu 24 (2), Fri 25 and Sat 26 holidays / weekend, Sun 27, Mon 28 (3).
        Assert.Equal(new DateOnly(2026, 12, 28), Bayern.AddWorkingDays(new DateOnly(2026, 12, 22), 3));
    }

    [Fact]
    public void AddWorkingDays_AcrossChristmas_WithOfficeClosures()
    {
        var closedOnChristmasEve = Bayern.WithExtraDays(
            MunicipalDay.Annual(12, 24, "Heiligabend", HolidayKind.OfficeClosure),
            MunicipalDay.Annual(12, 31, "Silvester", HolidayKind.OfficeClosure));

        Assert.Equal(new DateOnly(2026, 12, 29), closedOnChristmasEve.AddWorkingDays(new DateOnly(2026, 12, 22), 3));
        // Mon 28 + 4: Tue 29, Wed 30, (Thu 31 closed, Fri 1 Jan Neujahr), Mon 4 Jan, Tue 5 Jan.
        Assert.Equal(new DateOnly(2027, 1, 5), closedOnChristmasEve.AddWorkingDays(new DateOnly(2026, 12, 28), 4));
    }

    [Fact]
    public void AddWorkingDays_FromAHoliday_CountsFromTheNextWorkingDay()
    {
        Assert.Equal(new DateOnly(2026, 12, 28), Bayern.AddWorkingDays(new DateOnly(2026, 12, 25), 1));
        Assert.Equal(new DateOnly(2026, 12, 25), Bayern.AddWorkingDays(new DateOnly(2026, 12, 25), 0));
    }

    [Fact]
    public void AddWorkingDays_Negative_GoesBack()
    {
        Assert.Equal(new DateOnly(2026, 12, 24), Bayern.AddWorkingDays(new DateOnly(2026, 12, 28), -1));
        Assert.Equal(new DateOnly(2026, 4, 2), Bayern.AddWorkingDays(new DateOnly(2026, 4, 7), -1));
    }

    [Fact]
    public void CountWorkingDays_OverTheTurnOfTheYear_DependsOnTheLand()
    {
        var from = new DateOnly(2026, 12, 18);
        var to = new DateOnly(2027, 1, 8);

        // 21–24 Dec, 28–31 Dec, 4–5 Jan, 7–8 Jan; Heilige Drei Könige (6 Jan) only in Bayern.
        Assert.Equal(12, Bayern.CountWorkingDays(from, to));
        Assert.Equal(13, Berlin.CountWorkingDays(from, to));
        Assert.Equal(-12, Bayern.CountWorkingDays(to, from));
        Assert.Equal(0, Bayern.CountWorkingDays(from, from));
    }

    [Fact]
    public void CountWorkingDays_Year2026()
    {
        // 261 weekdays; Berlin has 7 holidays on weekdays, Bayern 9 (3 Oct, 1 Nov and 26 Dec fall on weekends).
        Assert.Equal(254, Berlin.CountWorkingDays(new DateOnly(2025, 12, 31), new DateOnly(2026, 12, 31)));
        Assert.Equal(252, Bayern.CountWorkingDays(new DateOnly(2025, 12, 31), new DateOnly(2026, 12, 31)));
    }

    [Fact]
    public void AddAndCount_AreInverse_AndAddLandsOnWorkingDays()
    {
        foreach (var calendar in new[] { Bayern, Berlin, BusinessCalendar.ForState(FederalState.SN).WithSaturdayAsWorkingDay() })
        {
            for (var day = new DateOnly(2025, 1, 1); day <= new DateOnly(2027, 12, 31); day = day.AddDays(1))
            {
                for (int n = -12; n <= 12; n++)
                {
                    var result = calendar.AddWorkingDays(day, n);
                    if (calendar.CountWorkingDays(day, result) != n || (n != 0 && !calendar.IsWorkingDay(result)))
                    {
                        Assert.Fail($"{calendar}: {day} {n:+0;-0} working days -> {result}");
                    }
                }
            }
        }
    }
}
