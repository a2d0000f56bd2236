using Microsoft.Extensions.Time.Testing;
using ProzessEngine.Feel.Tests.Support;

namespace ProzessEngine.Feel.Tests;

/// <summary>Dates, times, date-times with offsets and IANA zones, and the two duration types.</summary>
public sealed class TemporalTests
{
    [Theory]
    [InlineData("date(\"2026-01-31\") + duration(\"P1M\")", "@\"2026-02-28\"")]
    [InlineData("date(\"2024-01-31\") + duration(\"P1M\")", "@\"2024-02-29\"")]
    [InlineData("date(\"2026-03-31\") - duration(\"P1M\")", "@\"2026-02-28\"")]
    [InlineData("date(\"2026-12-24\") - date(\"2026-11-23\")", "@\"P31D\"")]
    [InlineData("date(\"2026-11-23\") + duration(\"P14D\")", "@\"2026-12-07\"")]
    [InlineData("date and time(\"2026-10-25T01:30:00@Europe/Berlin\") + duration(\"PT2H\")", "@\"2026-10-25T02:30:00@Europe/Berlin\"")]
    [InlineData("date and time(\"2026-10-24T12:00:00@Europe/Berlin\") + duration(\"P1D\")", "@\"2026-10-25T11:00:00@Europe/Berlin\"")]
    [InlineData("date and time(\"2026-01-31T10:00:00@Europe/Berlin\") + duration(\"P1M\")", "@\"2026-02-28T10:00:00@Europe/Berlin\"")]
    [InlineData("date and time(\"2026-11-23T10:00:00+01:00\") - date and time(\"2026-11-23T08:00:00Z\")", "@\"PT1H\"")]
    [InlineData("time(\"23:30:00\") + duration(\"PT1H\")", "@\"00:30:00\"")]
    [InlineData("duration(\"PT36H\")", "@\"P1DT12H\"")]
    [InlineData("duration(\"P14M\")", "@\"P1Y2M\"")]
    [InlineData("duration(\"P1D\") * 1.5", "@\"P1DT12H\"")]
    [InlineData("duration(\"P1Y\") / duration(\"P1M\")", "12")]
    [InlineData("years and months duration(date(\"2020-02-29\"), date(\"2026-02-28\"))", "@\"P5Y11M\"")]
    [InlineData("date(\"2026-11-23\").weekday", "1")]
    [InlineData("date and time(\"2026-11-23T10:15:30+02:00\").time offset", "@\"PT2H\"")]
    [InlineData("date and time(\"2026-11-23T10:15:30@Europe/Berlin\").timezone", "\"Europe/Berlin\"")]
    [InlineData("duration(\"P2DT3H\").hours", "3")]
    [InlineData("day of week(date(\"2026-11-23\"))", "\"Monday\"")]
    [InlineData("month of year(date(\"2026-11-23\"))", "\"November\"")]
    [InlineData("week of year(date(\"2026-01-01\"))", "1")]
    [InlineData("last day of month(date(\"2028-02-10\"))", "@\"2028-02-29\"")]
    [InlineData("date and time(date(\"2026-11-23\"), time(\"10:00:00@Europe/Berlin\"))", "@\"2026-11-23T10:00:00@Europe/Berlin\"")]
    [InlineData("date and time(date and time(\"2026-11-23T09:00:00Z\"), \"Europe/Berlin\")", "@\"2026-11-23T10:00:00@Europe/Berlin\"")]
    [InlineData("string(date(\"-0044-03-15\"))", "\"-0044-03-15\"")]
    public void Computes_with_temporals(string expression, string expected) =>
        Assert.Equal(expected, TestFeel.Text(expression));

    [Theory]
    [InlineData("date(\"2026-11-23\") < date(\"2026-11-24\")", "true")]
    [InlineData("date and time(\"2026-11-23T10:00:00+01:00\") = date and time(\"2026-11-23T09:00:00Z\")", "true")]
    [InlineData("date and time(\"2026-11-23T10:00:00@Europe/Berlin\") = date and time(\"2026-11-23T10:00:00+01:00\")", "true")]
    [InlineData("time(\"10:00:00+01:00\") < time(\"10:00:00Z\")", "true")]
    [InlineData("duration(\"P1D\") = duration(\"PT24H\")", "true")]
    [InlineData("duration(\"P1Y\") > duration(\"P11M\")", "true")]
    public void Compares_temporals(string expression, string expected) =>
        Assert.Equal(expected, TestFeel.Text(expression));

    [Theory]
    [InlineData("date and time(\"2026-11-23T10:00:00\") < date and time(\"2026-11-23T10:00:00Z\")")]
    [InlineData("duration(\"P1Y\") = duration(\"P365D\")")]
    [InlineData("date(\"2026-02-30\")")]
    [InlineData("time(\"24:00:01\")")]
    [InlineData("date and time(\"2026-11-23T10:00:00@Mars/Olympus\")")]
    public void Incomparable_or_invalid_temporals_give_null_and_a_warning(string expression)
    {
        var result = TestFeel.Eval(expression, out var warnings);
        Assert.True(result.IsNull);
        Assert.NotEmpty(warnings);
    }

    [Fact]
    public void Now_and_today_use_the_configured_clock_and_zone()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 31, 23, 30, 0, TimeSpan.Zero));
        var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        var engine = new FeelEngine(new FeelEngineOptions { Clock = clock, DefaultTimeZone = berlin });

        Assert.Equal("@\"2027-01-01\"", engine.Evaluate("today()", FeelVariables.Empty).ToString());
        Assert.Equal("@\"2027-01-01T00:30:00@Europe/Berlin\"", engine.Evaluate("now()", FeelVariables.Empty).ToString());

        clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal("@\"2027-01-01T01:30:00@Europe/Berlin\"", engine.Evaluate("now()", FeelVariables.Empty).ToString());
    }

    [Fact]
    public void Supports_the_full_year_range()
    {
        Assert.Equal("\"999999999-12-31\"", TestFeel.Text("string(date(999999999, 12, 31))"));
        Assert.Equal("\"-999999999-01-01\"", TestFeel.Text("string(date(\"-999999999-01-01\"))"));
        Assert.True(TestFeel.Eval("date(\"9999999999-01-01\")").IsNull);
    }
}
