namespace ProzessEngine.Bpmn.Tests;

public sealed class TimerCycleTests
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);

    private static TimerCycle Parse(string text)
    {
        Assert.True(TimerCycle.TryParse(text, out var cycle, out var error), error);
        return cycle!;
    }

    [Fact]
    public void A_repeating_interval_fires_one_interval_from_now_and_counts_its_repetitions()
    {
        var cycle = Parse("R5/PT10M");

        Assert.Equal(5, cycle.Repetitions);
        Assert.Equal(Now.AddMinutes(10), cycle.FirstDue(Now, Berlin));
        Assert.Equal(Now.AddMinutes(20), cycle.NextDue(Now.AddMinutes(10), Berlin));
    }

    [Fact]
    public void Without_a_count_it_repeats_until_cancelled()
    {
        Assert.Null(Parse("R/P1D").Repetitions);
    }

    [Theory]
    [InlineData("R3/2026-12-01T08:00:00Z/P1D", "2026-12-01T08:00:00Z")]
    [InlineData("R/2026-12-01T10:00:00+02:00[Europe/Berlin]/P1D", "2026-12-01T08:00:00Z")]
    [InlineData("R/2026-06-01T10:00:00[Europe/Berlin]/P1D", "2026-06-01T08:00:00Z")]
    public void An_explicit_start_is_the_first_due_time(string text, string first)
    {
        Assert.Equal(DateTimeOffset.Parse(first, System.Globalization.CultureInfo.InvariantCulture), Parse(text).FirstDue(Now, Berlin));
    }

    [Theory]
    [InlineData("0 0 9 * * MON-FRI", "2026-11-28T12:00:00Z", "2026-11-30T08:00:00Z")]
    [InlineData("@daily", "2026-11-23T08:00:00Z", "2026-11-23T23:00:00Z")]
    [InlineData("0 0 12 L * *", "2026-02-10T00:00:00Z", "2026-02-28T11:00:00Z")]
    [InlineData("0 0 10 ? * MON#2", "2026-11-23T08:00:00Z", "2026-12-14T09:00:00Z")]
    [InlineData("0 0 10 ? * FRIL", "2026-11-23T08:00:00Z", "2026-11-27T09:00:00Z")]
    [InlineData("0 0 8 15W * *", "2026-11-01T00:00:00Z", "2026-11-16T07:00:00Z")]
    [InlineData("30 8 * * *", "2026-11-23T08:00:00Z", "2026-11-24T07:30:00Z")]
    [InlineData("0 */15 9-10 * * *", "2026-11-23T08:20:00Z", "2026-11-23T08:30:00Z")]
    [InlineData("0 30 2 * * *", "2026-03-28T12:00:00Z", "2026-03-30T00:30:00Z")]
    public void A_cron_expression_gives_the_next_match_in_german_time(string cron, string after, string expected)
    {
        var cycle = Parse(cron);

        Assert.Null(cycle.Repetitions);
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture),
            cycle.NextDue(DateTimeOffset.Parse(after, System.Globalization.CultureInfo.InvariantCulture), Berlin));
    }

    [Theory]
    [InlineData("R0/PT1H")]
    [InlineData("R/PT0S")]
    [InlineData("R/-PT1H")]
    [InlineData("R5/PT1H/2026-01-01T00:00:00Z")]
    [InlineData("61 * * * * *")]
    [InlineData("0 0 9 * * XYZ")]
    [InlineData("0 0 9 31 2 *")]
    [InlineData("jede Stunde")]
    public void Invalid_cycles_are_rejected_with_a_reason(string text)
    {
        Assert.False(TimerCycle.TryParse(text, out var cycle, out var error));
        Assert.Null(cycle);
        Assert.False(string.IsNullOrWhiteSpace(error));
    }

    // Regression: a zoned daily cycle fired an hour early after the change to summer time (24 h were added, not a day).
    [Theory]
    [InlineData("R/2027-03-27T08:00:00[Europe/Berlin]/P1D", "2027-03-27T07:00:00Z", "2027-03-28T06:00:00Z")]
    [InlineData("R/2027-03-27T08:00:00+01:00[Europe/Berlin]/P1D", "2027-03-27T07:00:00Z", "2027-03-28T06:00:00Z")]
    [InlineData("R/2027-10-30T08:00:00[Europe/Berlin]/P1D", "2027-10-30T06:00:00Z", "2027-10-31T07:00:00Z")]
    [InlineData("R/2027-03-27T08:00:00[Europe/Berlin]/P1DT1H", "2027-03-27T07:00:00Z", "2027-03-28T07:00:00Z")]
    [InlineData("R/2027-02-28T08:00:00[Europe/Berlin]/P1M", "2027-02-28T07:00:00Z", "2027-03-28T06:00:00Z")]
    [InlineData("R/2027-03-27T08:00:00[Europe/Berlin]/PT24H", "2027-03-27T07:00:00Z", "2027-03-28T07:00:00Z")]
    [InlineData("R/2027-03-27T08:00:00+01:00/P1D", "2027-03-27T07:00:00Z", "2027-03-28T07:00:00Z")]
    [InlineData("R/2027-03-27T02:30:00[Europe/Berlin]/P1D", "2027-03-27T01:30:00Z", "2027-03-28T01:30:00Z")]
    public void A_zoned_cycle_keeps_its_wall_clock_time_across_daylight_saving(string text, string previous, string next)
    {
        var at = DateTimeOffset.Parse(previous, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(DateTimeOffset.Parse(next, System.Globalization.CultureInfo.InvariantCulture), Parse(text).NextDue(at, Berlin));
    }

    // Regression: R/PT2S fired a minute late fired 30 times at once, each next occurrence computed from the last one.
    [Theory]
    [InlineData("R/PT2S", "2026-11-23T08:00:02Z", "2026-11-23T08:01:00.5Z", "2026-11-23T08:01:02Z")]
    [InlineData("R/PT2S", "2026-11-23T08:00:02Z", "2026-11-23T08:00:02.1Z", "2026-11-23T08:00:04Z")]
    [InlineData("R/PT10M", "2026-11-23T08:00:00Z", "2026-11-23T08:37:00Z", "2026-11-23T08:40:00Z")]
    [InlineData("R/PT10M", "2026-11-23T08:00:00Z", "2026-11-23T08:40:00Z", "2026-11-23T08:50:00Z")]
    [InlineData("R/2026-11-01T08:00:00Z/P1D", "2026-11-01T08:00:00Z", "2026-11-23T09:00:00Z", "2026-11-24T08:00:00Z")]
    [InlineData("R/2026-01-31T08:00:00Z/P1M", "2026-01-31T08:00:00Z", "2026-11-23T09:00:00Z", "2026-11-28T08:00:00Z")]
    [InlineData("R/2026-10-01T08:00:00[Europe/Berlin]/P1D", "2026-10-01T06:00:00Z", "2026-11-23T09:00:00Z", "2026-11-24T07:00:00Z")]
    [InlineData("R/2026-10-01T08:00:00[Europe/Berlin]/PT1H", "2026-10-01T06:00:00Z", "2026-11-23T09:30:00Z", "2026-11-23T10:00:00Z")]
    [InlineData("0 0 9 * * MON-FRI", "2026-11-16T08:00:00Z", "2026-11-23T08:30:00Z", "2026-11-24T08:00:00Z")]
    public void A_cycle_that_fired_late_fires_next_at_its_first_occurrence_after_now(string text, string previous, string now, string next)
    {
        static DateTimeOffset At(string text) => DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(At(next), Parse(text).NextDueAfter(At(previous), At(now), Berlin));
    }

    [Fact]
    public void A_second_cycle_a_month_behind_is_caught_up_in_one_step()
    {
        var cycle = Parse("R/PT1S");
        var watch = System.Diagnostics.Stopwatch.StartNew();

        var next = cycle.NextDueAfter(Now, Now.AddDays(31).AddMilliseconds(300), Berlin);

        Assert.Equal(Now.AddDays(31).AddSeconds(1), next);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1), $"took {watch.Elapsed}");
    }
}
