using ProzessEngine.Feel.Tests.Support;

namespace ProzessEngine.Feel.Tests;

/// <summary>The public FeelValue API the engine builds on.</summary>
public sealed class ValueApiTests
{
    [Fact]
    public void Builds_and_reads_values()
    {
        var context = FeelValue.FromContext([new("b", FeelValue.FromNumber(1)), new("a", FeelValue.FromString("x")), new("b", FeelValue.FromNumber(2))]);
        Assert.Equal(FeelValueKind.Context, context.Kind);
        Assert.Equal(["b", "a"], context.AsContext().Select(entry => entry.Key));
        Assert.True(context.TryGetContextEntry("b", out var b));
        Assert.True(b.TryGetInt64(out var two));
        Assert.Equal(2, two);
        Assert.False(context.TryGetContextEntry("c", out _));
        Assert.Throws<InvalidOperationException>(() => context.AsList());

        var list = FeelValue.FromList([FeelValue.True, FeelValue.Null]);
        Assert.Equal(2, list.AsList().Count);
        Assert.True(list.AsList()[1].IsNull);
        Assert.Throws<InvalidOperationException>(() => list.AsContext());
    }

    [Fact]
    public void Converts_dotnet_temporals()
    {
        var date = FeelValue.FromDate(new DateOnly(2026, 11, 23));
        Assert.Equal("@\"2026-11-23\"", date.ToString());
        Assert.True(date.TryGetDate(out var back));
        Assert.Equal(new DateOnly(2026, 11, 23), back);

        var instant = FeelValue.FromDateTime(new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.FromHours(1)));
        Assert.Equal("@\"2026-11-23T10:00:00+01:00\"", instant.ToString());
        Assert.True(FeelTemporal.TryGetInstant(instant, TimeZoneInfo.Utc, out var offset));
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero), offset);

        Assert.Equal("@\"2026-11-23T10:00:00\"", FeelValue.FromLocalDateTime(new DateTime(2026, 11, 23, 10, 0, 0)).ToString());
        var duration = FeelValue.FromDuration(TimeSpan.FromMinutes(90));
        Assert.Equal("@\"PT1H30M\"", duration.ToString());
        Assert.True(duration.TryGetDuration(out var span));
        Assert.Equal(TimeSpan.FromMinutes(90), span);
        Assert.Equal("@\"P1Y6M\"", FeelValue.FromYearsMonths(1, 6).ToString());
    }

    [Fact]
    public void Local_date_times_and_dates_take_the_default_zone_for_instants()
    {
        var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        Assert.True(FeelTemporal.TryParseDateTime("2026-07-01T12:00:00", out var local));
        Assert.True(FeelTemporal.TryGetInstant(local, berlin, out var instant));
        Assert.Equal(new DateTimeOffset(2026, 7, 1, 10, 0, 0, TimeSpan.Zero), instant.ToUniversalTime());
        Assert.True(FeelTemporal.TryGetInstant(FeelValue.FromDate(new DateOnly(2026, 1, 1)), berlin, out var midnight));
        Assert.Equal(new DateTimeOffset(2025, 12, 31, 23, 0, 0, TimeSpan.Zero), midnight.ToUniversalTime());
        Assert.False(FeelTemporal.TryGetInstant(FeelValue.FromNumber(1), berlin, out _));
        Assert.False(FeelTemporal.TryAddTo(FeelValue.FromNumber(1), DateTimeOffset.UnixEpoch, out _));
        Assert.False(FeelTemporal.TryParseDuration("P", out _));
    }

    [Fact]
    public void Equality_follows_feel()
    {
        Assert.Equal(TestFeel.Number("2.0"), FeelValue.FromNumber(2));
        Assert.NotEqual(FeelValue.FromNumber(2), FeelValue.FromString("2"));
        Assert.Equal(TestFeel.Eval("[1, {a: 2}]"), TestFeel.Eval("[1.0, {a: 2.00}]"));
        Assert.Equal(
            TestFeel.Eval("date and time(\"2026-11-23T10:00:00@Europe/Berlin\")"),
            TestFeel.Eval("date and time(\"2026-11-23T09:00:00Z\")"));
        Assert.Equal(FeelValue.Null, default);
        Assert.Equal("\"say \\\"hi\\\"\"", FeelValue.FromString("say \"hi\"").ToString());
    }
}
