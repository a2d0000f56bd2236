using System.Globalization;
using ProzessEngine.Core.Text;

namespace ProzessEngine.Core.Tests.Text;

public sealed class GermanFormatTests
{
    private static readonly CultureInfo German = GermanFormat.Culture;

    [Fact]
    public void Tests_run_without_ICU_as_the_host_does_outside_Windows()
    {
        var invariant = AppContext.TryGetSwitch("System.Globalization.Invariant", out var on) && on;

        Assert.Equal(!OperatingSystem.IsWindows(), invariant);
        Assert.Equal("Europe/Berlin", TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin").Id);
    }

    [Theory]
    [InlineData("d. MMMM yyyy", "1. März 2027")]
    [InlineData("D", "Montag, 1. März 2027")]
    [InlineData("d", "01.03.2027")]
    [InlineData("ddd, d. MMM yyyy", "Mo., 1. März 2027")]
    [InlineData("Y", "März 2027")]
    [InlineData("M", "1. März")]
    public void Dates_are_written_as_in_German(string format, string expected) =>
        Assert.Equal(expected, new DateOnly(2027, 3, 1).ToString(format, German));

    [Fact]
    public void Every_month_and_day_has_its_German_name()
    {
        Assert.Equal("Januar Februar März April Mai Juni Juli August September Oktober November Dezember",
            string.Join(' ', Enumerable.Range(1, 12).Select(m => new DateOnly(2026, m, 1).ToString("MMMM", German))));
        Assert.Equal("Sept. Dez.", $"{new DateOnly(2026, 9, 1).ToString("MMM", German)} {new DateOnly(2026, 12, 1).ToString("MMM", German)}");
        Assert.Equal("Samstag, 05.12.2026 14:30", new DateTime(2026, 12, 5, 14, 30, 0, DateTimeKind.Unspecified).ToString("dddd, dd.MM.yyyy HH:mm", German));
        Assert.Equal("05.12.2026 14:30", new DateTime(2026, 12, 5, 14, 30, 0, DateTimeKind.Unspecified).ToString("g", German));
        Assert.Equal(DayOfWeek.Monday, German.DateTimeFormat.FirstDayOfWeek);
        Assert.Equal(53, German.Calendar.GetWeekOfYear(new DateTime(2026, 12, 31, 0, 0, 0, DateTimeKind.Unspecified),
            German.DateTimeFormat.CalendarWeekRule, German.DateTimeFormat.FirstDayOfWeek));
    }

    [Theory]
    [InlineData(7350.2, "N2", "7.350,20")]
    [InlineData(-1234567.891, "N2", "-1.234.567,89")]
    [InlineData(7350.2, "C", "7.350,20 €")]
    [InlineData(-12.5, "C", "-12,50 €")]
    [InlineData(0.125, "P1", "12,5 %")]
    [InlineData(1.5, "0.00", "1,50")]
    public void Numbers_are_written_as_in_German(decimal value, string format, string expected) =>
        Assert.Equal(expected, value.ToString(format, German));

    [Fact]
    public void German_text_parses_back()
    {
        Assert.Equal(7350.2m, decimal.Parse("7.350,20", NumberStyles.Number, German));
        Assert.Equal(new DateOnly(2027, 3, 1), DateOnly.ParseExact("1. März 2027", "d. MMMM yyyy", German));
        Assert.Equal(new DateOnly(2027, 3, 1), DateOnly.Parse("01.03.2027", German));
    }

    [Fact]
    public void The_culture_cannot_be_changed_by_a_caller() =>
        Assert.Throws<InvalidOperationException>(() => German.NumberFormat.NumberDecimalSeparator = ".");
}
