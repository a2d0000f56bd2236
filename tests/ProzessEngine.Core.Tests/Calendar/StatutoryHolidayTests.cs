using System.Globalization;
using ProzessEngine.Core.Calendar;

namespace ProzessEngine.Core.Tests.Calendar;

public sealed class StatutoryHolidayTests
{
    private static readonly string[] Nationwide =
    [
        "Neujahr", "Karfreitag", "Ostermontag", "Tag der Arbeit", "Christi Himmelfahrt", "Pfingstmontag",
        "Tag der Deutschen Einheit", "1. Weihnachtstag", "2. Weihnachtstag",
    ];

    [Fact]
    public void Bayern2026_AsPublished()
    {
        // Statewide only: Mariä Himmelfahrt is a municipal option in Bayern (see MunicipalDayTests).
        AssertHolidays(
            FederalState.BY,
            2026,
            ("2026-01-01", "Neujahr"),
            ("2026-01-06", "Heilige Drei Könige"),
            ("2026-04-03", "Karfreitag"),
            ("2026-04-06", "Ostermontag"),
            ("2026-05-01", "Tag der Arbeit"),
            ("2026-05-14", "Christi Himmelfahrt"),
            ("2026-05-25", "Pfingstmontag"),
            ("2026-06-04", "Fronleichnam"),
            ("2026-10-03", "Tag der Deutschen Einheit"),
            ("2026-11-01", "Allerheiligen"),
            ("2026-12-25", "1. Weihnachtstag"),
            ("2026-12-26", "2. Weihnachtstag"));
    }

    [Fact]
    public void Berlin2026_AsPublished()
    {
        AssertHolidays(
            FederalState.BE,
            2026,
            ("2026-01-01", "Neujahr"),
            ("2026-03-08", "Internationaler Frauentag"),
            ("2026-04-03", "Karfreitag"),
            ("2026-04-06", "Ostermontag"),
            ("2026-05-01", "Tag der Arbeit"),
            ("2026-05-14", "Christi Himmelfahrt"),
            ("2026-05-25", "Pfingstmontag"),
            ("2026-10-03", "Tag der Deutschen Einheit"),
            ("2026-12-25", "1. Weihnachtstag"),
            ("2026-12-26", "2. Weihnachtstag"));
    }

    [Fact]
    public void Sachsen2026_AsPublished()
    {
        AssertHolidays(
            FederalState.SN,
            2026,
            ("2026-01-01", "Neujahr"),
            ("2026-04-03", "Karfreitag"),
            ("2026-04-06", "Ostermontag"),
            ("2026-05-01", "Tag der Arbeit"),
            ("2026-05-14", "Christi Himmelfahrt"),
            ("2026-05-25", "Pfingstmontag"),
            ("2026-10-03", "Tag der Deutschen Einheit"),
            ("2026-10-31", "Reformationstag"),
            ("2026-11-18", "Buß- und Bettag"),
            ("2026-12-25", "1. Weihnachtstag"),
            ("2026-12-26", "2. Weihnachtstag"));
    }

    [Fact]
    public void Brandenburg2026_IncludesEasterAndWhitSunday()
    {
        AssertHolidays(
            FederalState.BB,
            2026,
            ("2026-01-01", "Neujahr"),
            ("2026-04-03", "Karfreitag"),
            ("2026-04-05", "Ostersonntag"),
            ("2026-04-06", "Ostermontag"),
            ("2026-05-01", "Tag der Arbeit"),
            ("2026-05-14", "Christi Himmelfahrt"),
            ("2026-05-24", "Pfingstsonntag"),
            ("2026-05-25", "Pfingstmontag"),
            ("2026-10-03", "Tag der Deutschen Einheit"),
            ("2026-10-31", "Reformationstag"),
            ("2026-12-25", "1. Weihnachtstag"),
            ("2026-12-26", "2. Weihnachtstag"));
    }

    [Theory]
    [InlineData(FederalState.BW, 12)]
    [InlineData(FederalState.BY, 12)]
    [InlineData(FederalState.BE, 10)]
    [InlineData(FederalState.BB, 12)]
    [InlineData(FederalState.HB, 10)]
    [InlineData(FederalState.HH, 10)]
    [InlineData(FederalState.HE, 10)]
    [InlineData(FederalState.MV, 11)]
    [InlineData(FederalState.NI, 10)]
    [InlineData(FederalState.NW, 11)]
    [InlineData(FederalState.RP, 11)]
    [InlineData(FederalState.SL, 12)]
    [InlineData(FederalState.SN, 11)]
    [InlineData(FederalState.ST, 11)]
    [InlineData(FederalState.SH, 10)]
    [InlineData(FederalState.TH, 11)]
    public void EveryLand2026_HasThePublishedCountAndTheNationwideHolidays(FederalState state, int count)
    {
        var holidays = BusinessCalendar.ForState(state).Holidays(2026);

        Assert.Equal(count, holidays.Count);
        Assert.All(holidays, h => Assert.Equal(HolidayKind.Statutory, h.Kind));
        Assert.Superset(Nationwide.ToHashSet(), holidays.Select(h => h.Name).ToHashSet());
    }

    [Theory]
    [InlineData(FederalState.BE, 2018, false)]
    [InlineData(FederalState.BE, 2019, true)]
    [InlineData(FederalState.MV, 2022, false)]
    [InlineData(FederalState.MV, 2023, true)]
    [InlineData(FederalState.BB, 2026, false)]
    public void Frauentag_FromTheYearItWasIntroduced(FederalState state, int year, bool expected) =>
        Assert.Equal(expected, IsHoliday(state, new DateOnly(year, 3, 8), "Internationaler Frauentag"));

    [Theory]
    [InlineData(2018, false)]
    [InlineData(2019, true)]
    [InlineData(2026, true)]
    public void Weltkindertag_InThueringenSince2019(int year, bool expected)
    {
        Assert.Equal(expected, IsHoliday(FederalState.TH, new DateOnly(year, 9, 20), "Weltkindertag"));
        Assert.False(IsHoliday(FederalState.SN, new DateOnly(year, 9, 20), "Weltkindertag"));
    }

    [Fact]
    public void Reformationstag2017_InEveryLand()
    {
        Assert.All(FederalStates.All, state => Assert.True(IsHoliday(state, new DateOnly(2017, 10, 31), "Reformationstag")));
    }

    [Theory]
    [InlineData(FederalState.NI, 2016, false)]
    [InlineData(FederalState.NI, 2018, true)]
    [InlineData(FederalState.HB, 2018, true)]
    [InlineData(FederalState.HH, 2018, true)]
    [InlineData(FederalState.SH, 2018, true)]
    [InlineData(FederalState.SN, 2016, true)]
    [InlineData(FederalState.TH, 2000, true)]
    [InlineData(FederalState.BW, 2016, false)]
    [InlineData(FederalState.BW, 2018, false)]
    [InlineData(FederalState.BE, 2026, false)]
    public void Reformationstag_OutsideTheJubileeYear(FederalState state, int year, bool expected) =>
        Assert.Equal(expected, IsHoliday(state, new DateOnly(year, 10, 31), "Reformationstag"));

    [Theory]
    [InlineData(FederalState.NW, 1994, "1994-11-16", true)]
    [InlineData(FederalState.NW, 1995, "1995-11-22", false)]
    [InlineData(FederalState.SN, 1995, "1995-11-22", true)]
    [InlineData(FederalState.SN, 2024, "2024-11-20", true)]
    [InlineData(FederalState.SN, 2025, "2025-11-19", true)]
    // 23 November 2022 was a Wednesday: the Wednesday *before* it is the 16th.
    [InlineData(FederalState.SN, 2022, "2022-11-16", true)]
    public void BussUndBettag_WednesdayBefore23November(FederalState state, int year, string date, bool expected)
    {
        Assert.Equal(expected, IsHoliday(state, DateOnly.Parse(date, CultureInfo.InvariantCulture), "Buß- und Bettag"));
        Assert.True(BusinessCalendar.ForState(state).Holidays(year).Count(h => h.Name == "Buß- und Bettag") <= 1);
    }

    [Theory]
    [InlineData(2019, false)]
    [InlineData(2020, true)]
    [InlineData(2024, false)]
    [InlineData(2025, true)]
    [InlineData(2026, false)]
    [InlineData(2030, false)]
    public void TagDerBefreiung_OnlyInBerlinAndOnlyInTheAnniversaryYearsByLaw(int year, bool expected)
    {
        var date = new DateOnly(year, 5, 8);
        Assert.Equal(expected, IsHoliday(FederalState.BE, date, "Tag der Befreiung"));
        Assert.False(BusinessCalendar.ForState(FederalState.BB).IsPublicHoliday(date));
    }

    [Fact]
    public void TwoHolidaysOnOneDay_AreBothListedInTableOrder()
    {
        // 2008: Christi Himmelfahrt fell on 1 May.
        var names = BusinessCalendar.ForState(FederalState.HE).Holidays(2008)
            .Where(h => h.Date == new DateOnly(2008, 5, 1))
            .Select(h => h.Name);

        Assert.Equal(["Tag der Arbeit", "Christi Himmelfahrt"], names);
    }

    [Theory]
    [InlineData(FederalState.BW, true)]
    [InlineData(FederalState.BY, true)]
    [InlineData(FederalState.ST, true)]
    [InlineData(FederalState.TH, false)]
    public void HeiligeDreiKoenige_InBwByAndSt(FederalState state, bool expected) =>
        Assert.Equal(expected, IsHoliday(state, new DateOnly(2026, 1, 6), "Heilige Drei Könige"));

    [Theory]
    [InlineData(FederalState.SL, true)]
    [InlineData(FederalState.BY, false)]
    [InlineData(FederalState.BW, false)]
    public void MariaeHimmelfahrt_StatewideOnlyInSaarland(FederalState state, bool expected) =>
        Assert.Equal(expected, BusinessCalendar.ForState(state).IsPublicHoliday(new DateOnly(2026, 8, 15)));

    [Theory]
    [InlineData(FederalState.SN, false)]
    [InlineData(FederalState.TH, false)]
    [InlineData(FederalState.HE, true)]
    public void Fronleichnam_NotStatewideInSachsenAndThueringen(FederalState state, bool expected) =>
        Assert.Equal(expected, BusinessCalendar.ForState(state).IsPublicHoliday(new DateOnly(2026, 6, 4)));

    [Theory]
    [InlineData(1582)]
    [InlineData(10000)]
    public void Holidays_OutsideSupportedYears_Throw(int year) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => BusinessCalendar.ForState(FederalState.BY).Holidays(year));

    [Fact]
    public void Holidays_ForTheWholeSupportedRange_AreSortedAndInTheirYear()
    {
        var calendar = BusinessCalendar.ForState(FederalState.BY);
        for (int year = 1900; year <= 2200; year++)
        {
            var holidays = calendar.Holidays(year);
            Assert.All(holidays, h => Assert.Equal(year, h.Date.Year));
            Assert.Equal(holidays.OrderBy(h => h.Date).Select(h => h.Date), holidays.Select(h => h.Date));
        }
    }

    private static bool IsHoliday(FederalState state, DateOnly date, string name) =>
        BusinessCalendar.ForState(state).Holidays(date.Year).Any(h => h.Date == date && h.Name == name);

    private static void AssertHolidays(FederalState state, int year, params (string Date, string Name)[] expected)
    {
        var actual = BusinessCalendar.ForState(state).Holidays(year)
            .Select(h => (h.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), h.Name));
        Assert.Equal(expected, actual);
    }
}
