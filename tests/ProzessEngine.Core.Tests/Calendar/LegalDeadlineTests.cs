using ProzessEngine.Core.Calendar;

namespace ProzessEngine.Core.Tests.Calendar;

public sealed class LegalDeadlineTests
{
    private static readonly BusinessCalendar Bayern = BusinessCalendar.ForState(FederalState.BY);
    private static readonly DeadlineOptions NoMove = new() { MoveEndOffNonWorkingDays = false };

    [Fact]
    public void Month_FromEvent31January_EndsOnTheLastDayOfFebruary_LeapYear()
    {
        var deadline = Bayern.ComputeDeadline(new DateOnly(2024, 1, 31), LegalPeriod.Months(1));

        Assert.Equal(new DateOnly(2024, 2, 29), deadline.LastDay);
        Assert.False(deadline.WasMoved);
    }

    [Fact]
    public void Month_FromEvent31January_EndsOn28February_AndMovesOffTheSaturday()
    {
        var unmoved = Bayern.ComputeDeadline(new DateOnly(2026, 1, 31), LegalPeriod.Months(1), NoMove);
        var moved = Bayern.ComputeDeadline(new DateOnly(2026, 1, 31), LegalPeriod.Months(1));

        Assert.Equal(new DateOnly(2026, 2, 28), unmoved.LastDay);
        Assert.Equal(new DateOnly(2026, 2, 28), moved.UnmovedLastDay);
        Assert.Equal(new DateOnly(2026, 3, 2), moved.LastDay);
        Assert.True(moved.WasMoved);
    }

    [Theory]
    [InlineData("2026-03-31", 1, "2026-04-30")]
    [InlineData("2026-08-31", 1, "2026-09-30")]
    [InlineData("2026-08-31", 6, "2027-02-28")]
    // An event on 28 February ends on 28 March, not on the month's last day (BGH NJW 1984, 1358).
    [InlineData("2001-02-28", 1, "2001-03-28")]
    [InlineData("2026-01-15", 3, "2026-04-15")]
    public void Months_FromEvent_SameDayNumberOrMonthEnd(string eventDay, int months, string lastDay)
    {
        var deadline = Bayern.ComputeDeadline(Date(eventDay), LegalPeriod.Months(months), NoMove);
        Assert.Equal(Date(lastDay), deadline.LastDay);
    }

    [Fact]
    public void Days_FromEvent_DoNotCountTheEventDay()
    {
        var deadline = Bayern.ComputeDeadline(new DateOnly(2026, 6, 1), LegalPeriod.Days(14));

        Assert.Equal(new DateOnly(2026, 6, 2), deadline.FirstDay);
        Assert.Equal(new DateOnly(2026, 6, 15), deadline.LastDay);
    }

    [Fact]
    public void Days_FromStartOfDay_CountTheStartDay()
    {
        var options = NoMove with { Start = PeriodStart.StartOfDay };
        var deadline = Bayern.ComputeDeadline(new DateOnly(2026, 6, 1), LegalPeriod.Days(14), options);

        Assert.Equal(new DateOnly(2026, 6, 1), deadline.FirstDay);
        Assert.Equal(new DateOnly(2026, 6, 14), deadline.LastDay);
    }

    [Fact]
    public void Weeks_FromEvent_EndOnTheSameWeekday()
    {
        var deadline = Bayern.ComputeDeadline(new DateOnly(2026, 7, 1), LegalPeriod.Weeks(2));

        Assert.Equal(new DateOnly(2026, 7, 15), deadline.LastDay);
        Assert.Equal(DayOfWeek.Wednesday, deadline.LastDay.DayOfWeek);
    }

    [Fact]
    public void Weeks_FromStartOfDay_EndTheDayBeforeTheSameWeekday()
    {
        var options = NoMove with { Start = PeriodStart.StartOfDay };
        Assert.Equal(new DateOnly(2026, 7, 14), Bayern.ComputeDeadline(new DateOnly(2026, 7, 1), LegalPeriod.Weeks(2), options).LastDay);
    }

    [Fact]
    public void Month_FromStartOfDay1March_EndsOn31March()
    {
        var options = NoMove with { Start = PeriodStart.StartOfDay };
        Assert.Equal(new DateOnly(2026, 3, 31), Bayern.ComputeDeadline(new DateOnly(2026, 3, 1), LegalPeriod.Months(1), options).LastDay);
    }

    [Fact]
    public void Month_FromStartOfDay31January_EndsOnTheLastDayOfFebruary()
    {
        var options = NoMove with { Start = PeriodStart.StartOfDay };
        Assert.Equal(new DateOnly(2026, 2, 28), Bayern.ComputeDeadline(new DateOnly(2026, 1, 31), LegalPeriod.Months(1), options).LastDay);
    }

    [Fact]
    public void Age_CountsTheBirthday_AndEndsTheDayBefore()
    {
        // §187(2) sentence 2: born 10 May 2008, 18 years old at the start of 10 May 2026.
        var options = NoMove with { Start = PeriodStart.StartOfDay };
        var deadline = Bayern.ComputeDeadline(new DateOnly(2008, 5, 10), LegalPeriod.Years(18), options);

        Assert.Equal(new DateOnly(2026, 5, 9), deadline.LastDay);
        Assert.Equal(new DateTimeOffset(2026, 5, 10, 0, 0, 0, TimeSpan.FromHours(2)), deadline.EndsAt);
    }

    [Fact]
    public void Age_BornOn29February_IsReachedOn1MarchInCommonYears()
    {
        var options = NoMove with { Start = PeriodStart.StartOfDay };
        var deadline = Bayern.ComputeDeadline(new DateOnly(2008, 2, 29), LegalPeriod.Years(18), options);

        Assert.Equal(new DateOnly(2026, 2, 28), deadline.LastDay);
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.FromHours(1)), deadline.EndsAt);
    }

    [Fact]
    public void Year_FromEvent29February_EndsOn28February()
    {
        Assert.Equal(new DateOnly(2025, 2, 28), Bayern.ComputeDeadline(new DateOnly(2024, 2, 29), LegalPeriod.Years(1), NoMove).LastDay);
    }

    [Theory]
    [InlineData(FederalState.BY)]
    [InlineData(FederalState.BE)]
    [InlineData(FederalState.SN)]
    [InlineData(FederalState.HH)]
    public void EndOnHolySaturday_MovesOverEasterToTuesday(FederalState state)
    {
        // Two weeks from Saturday 21 March 2026 end on Karsamstag, 4 April; Sunday and Ostermontag follow.
        var deadline = BusinessCalendar.ForState(state).ComputeDeadline(new DateOnly(2026, 3, 21), LegalPeriod.Weeks(2));

        Assert.Equal(new DateOnly(2026, 4, 4), deadline.UnmovedLastDay);
        Assert.Equal(new DateOnly(2026, 4, 7), deadline.LastDay);
        Assert.Equal(DayOfWeek.Tuesday, deadline.LastDay.DayOfWeek);
        Assert.Equal(new DateTimeOffset(2026, 4, 8, 0, 0, 0, TimeSpan.FromHours(2)), deadline.EndsAt);
    }

    [Fact]
    public void MoveSwitchedOff_KeepsTheSaturday()
    {
        // §31(3) sentence 2 VwVfG: the authority named the end day with reference to the provision.
        var deadline = Bayern.ComputeDeadline(new DateOnly(2026, 3, 21), LegalPeriod.Weeks(2), NoMove);

        Assert.Equal(new DateOnly(2026, 4, 4), deadline.LastDay);
        Assert.False(deadline.WasMoved);
    }

    [Fact]
    public void SaturdayAsWorkingDay_StaysOnSaturdayButMovesOffSunday()
    {
        var options = new DeadlineOptions { SaturdayIsWorkingDay = true };

        Assert.Equal(new DateOnly(2026, 2, 28), Bayern.ComputeDeadline(new DateOnly(2026, 2, 14), LegalPeriod.Weeks(2), options).LastDay);
        Assert.Equal(new DateOnly(2026, 3, 2), Bayern.ComputeDeadline(new DateOnly(2026, 2, 15), LegalPeriod.Weeks(2), options).LastDay);
        // A Saturday that is a holiday still moves: Karsamstag is none, but 26 December 2026 is.
        Assert.Equal(new DateOnly(2026, 12, 28), Bayern.ComputeDeadline(new DateOnly(2026, 12, 12), LegalPeriod.Weeks(2), options).LastDay);
    }

    [Fact]
    public void CalendarSaturdaySetting_DoesNotChangeLegalDeadlines()
    {
        var openOnSaturdays = Bayern.WithSaturdayAsWorkingDay();
        Assert.Equal(new DateOnly(2026, 3, 2), openOnSaturdays.ComputeDeadline(new DateOnly(2026, 1, 31), LegalPeriod.Months(1)).LastDay);
    }

    [Fact]
    public void RegionalHoliday_MovesTheEnd_OnlyWhereItApplies()
    {
        var augsburg = Bayern.WithId("augsburg").WithExtraDays(MunicipalDay.AugsburgerHohesFriedensfest);

        // Friday 8 August 2025.
        Assert.Equal(new DateOnly(2025, 8, 11), augsburg.ComputeDeadline(new DateOnly(2025, 7, 8), LegalPeriod.Months(1)).LastDay);
        Assert.Equal(new DateOnly(2025, 8, 8), Bayern.ComputeDeadline(new DateOnly(2025, 7, 8), LegalPeriod.Months(1)).LastDay);
    }

    [Fact]
    public void OfficeClosure_DoesNotMoveTheEnd()
    {
        var closedOnChristmasEve = Bayern.WithExtraDays(MunicipalDay.Annual(12, 24, "Heiligabend", HolidayKind.OfficeClosure));
        var deadline = closedOnChristmasEve.ComputeDeadline(new DateOnly(2026, 11, 24), LegalPeriod.Months(1));

        Assert.Equal(new DateOnly(2026, 12, 24), deadline.LastDay);
        Assert.False(closedOnChristmasEve.IsWorkingDay(deadline.LastDay));
    }

    [Theory]
    // Winter time, the day before the switch to summer time, summer time, the day before the switch back.
    [InlineData("2026-03-27", "2026-03-27T23:00:00Z")]
    [InlineData("2026-03-28", "2026-03-28T23:00:00Z")]
    [InlineData("2026-07-10", "2026-07-10T22:00:00Z")]
    [InlineData("2026-10-24", "2026-10-24T22:00:00Z")]
    public void EndsAt_IsMidnightAfterTheLastDay_InGermanTime(string lastDay, string utc)
    {
        // Days periods from an event end event + n, so start one day earlier.
        var deadline = Bayern.ComputeDeadline(Date(lastDay).AddDays(-1), LegalPeriod.Days(1), NoMove);

        Assert.Equal(Date(lastDay), deadline.LastDay);
        Assert.Equal(DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture), deadline.EndsAt);
        Assert.Equal(TimeOnly.MinValue, TimeOnly.FromTimeSpan(deadline.EndsAt.TimeOfDay));
    }

    [Fact]
    public void EndsAt_InAZoneWhoseClockSkipsMidnight_IsTheJump()
    {
        var zone = ZoneWithMidnightTransitions();
        var options = NoMove with { TimeZone = zone };

        // The clock jumps from 00:00 to 01:00 on 29 March: 28 March ends at that jump, 23:00 UTC.
        var spring = Bayern.ComputeDeadline(new DateOnly(2026, 3, 27), LegalPeriod.Days(1), options);
        Assert.Equal(new DateTimeOffset(2026, 3, 28, 23, 0, 0, TimeSpan.Zero), spring.EndsAt);
        Assert.Equal(new DateTimeOffset(2026, 3, 29, 1, 0, 0, TimeSpan.FromHours(2)), spring.EndsAt);

        // The clock goes back from 01:00 to 00:00 on 25 October: 24 October ends at the first midnight.
        var autumn = Bayern.ComputeDeadline(new DateOnly(2026, 10, 23), LegalPeriod.Days(1), options);
        Assert.Equal(new DateTimeOffset(2026, 10, 24, 22, 0, 0, TimeSpan.Zero), autumn.EndsAt);
    }

    [Fact]
    public void EndsAt_UsesTheGivenZone()
    {
        var options = NoMove with { TimeZone = TimeZoneInfo.Utc };
        Assert.Equal(
            new DateTimeOffset(2026, 7, 11, 0, 0, 0, TimeSpan.Zero),
            Bayern.ComputeDeadline(new DateOnly(2026, 7, 9), LegalPeriod.Days(1), options).EndsAt);
    }

    [Fact]
    public void ZeroOrNegativeLength_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Bayern.ComputeDeadline(new DateOnly(2026, 1, 1), default));
        Assert.Throws<ArgumentOutOfRangeException>(() => Bayern.ComputeDeadline(new DateOnly(2026, 1, 1), new LegalPeriod(-1, PeriodUnit.Days)));
    }

    [Theory]
    [InlineData(PeriodUnit.Weeks)]
    [InlineData(PeriodUnit.Years)]
    [InlineData(PeriodUnit.Days)]
    public void LengthBeyondTheCalendar_ThrowsInsteadOfWrappingAround(PeriodUnit unit)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Bayern.ComputeDeadline(new DateOnly(2026, 1, 1), new LegalPeriod(int.MaxValue, unit)));
        Assert.Throws<ArgumentOutOfRangeException>(() => Bayern.ComputeDeadline(new DateOnly(2026, 1, 1), new LegalPeriod(400_000_000, unit)));
    }

    [Fact]
    public void MovedDeadline_IsNeverAWeekendOrPublicHoliday_AndTheEarliestSuchDay()
    {
        // Property over every Land, every start day of three years and periods of every unit: with every start
        // day, even the few day lengths reach every end day.
        LegalPeriod[] periods =
        [
            .. new[] { 1, 2, 3, 7, 10, 14, 30, 31 }.Select(LegalPeriod.Days),
            .. Enumerable.Range(1, 8).Select(LegalPeriod.Weeks),
            .. Enumerable.Range(1, 13).Select(LegalPeriod.Months),
            .. Enumerable.Range(1, 2).Select(LegalPeriod.Years),
        ];
        int checkedDeadlines = 0;

        foreach (var state in FederalStates.All)
        {
            var calendar = BusinessCalendar.ForState(state);
            for (var start = new DateOnly(2025, 1, 1); start <= new DateOnly(2027, 12, 31); start = start.AddDays(1))
            {
                foreach (var period in periods)
                {
                    var deadline = calendar.ComputeDeadline(start, period);

                    bool endsOnWorkingDay = !IsWeekendOrPublicHoliday(calendar, deadline.LastDay);
                    bool movedOnlyOverDaysOff = deadline.LastDay >= deadline.UnmovedLastDay;
                    for (var skipped = deadline.UnmovedLastDay; skipped < deadline.LastDay; skipped = skipped.AddDays(1))
                    {
                        movedOnlyOverDaysOff &= IsWeekendOrPublicHoliday(calendar, skipped);
                    }

                    // The message is built only on failure: a million interpolations would dominate the run time.
                    if (!endsOnWorkingDay || !movedOnlyOverDaysOff)
                    {
                        Assert.Fail($"{state} {start} {period}: {deadline}");
                    }

                    checkedDeadlines++;
                }
            }
        }

        Assert.Equal(16 * 1095 * periods.Length, checkedDeadlines);
    }

    private static bool IsWeekendOrPublicHoliday(BusinessCalendar calendar, DateOnly day) =>
        day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday || calendar.IsPublicHoliday(day);

    private static DateOnly Date(string text) => DateOnly.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

    private static TimeZoneInfo ZoneWithMidnightTransitions()
    {
        var rule = TimeZoneInfo.AdjustmentRule.CreateAdjustmentRule(
            new DateTime(2000, 1, 1),
            new DateTime(2099, 12, 31),
            TimeSpan.FromHours(1),
            TimeZoneInfo.TransitionTime.CreateFixedDateRule(new DateTime(1, 1, 1, 0, 0, 0), 3, 29),
            TimeZoneInfo.TransitionTime.CreateFixedDateRule(new DateTime(1, 1, 1, 1, 0, 0), 10, 25));
        return TimeZoneInfo.CreateCustomTimeZone("Test/MidnightSwitch", TimeSpan.FromHours(1), "Midnight switch", "MST", "MDT", [rule]);
    }
}
