using ProzessEngine.Core.Calendar;

namespace ProzessEngine.Core.Tests.Calendar;

public sealed class LegalPeriodTests
{
    [Theory]
    [InlineData("P14D", 14, PeriodUnit.Days)]
    [InlineData("P2W", 2, PeriodUnit.Weeks)]
    [InlineData("P1M", 1, PeriodUnit.Months)]
    [InlineData("p6m", 6, PeriodUnit.Months)]
    [InlineData(" P30Y ", 30, PeriodUnit.Years)]
    public void Parse_SingleUnitIsoDurations(string text, int length, PeriodUnit unit)
    {
        var period = LegalPeriod.Parse(text);

        Assert.Equal(new LegalPeriod(length, unit), period);
        Assert.Equal(text.Trim().ToUpperInvariant(), period.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("P")]
    [InlineData("P0D")]
    [InlineData("P-1D")]
    [InlineData("P1M2D")]
    [InlineData("PT24H")]
    [InlineData("P1.5M")]
    [InlineData("14D")]
    [InlineData("P1X")]
    public void Parse_RejectsEverythingElse(string text)
    {
        var error = Assert.Throws<FormatException>(() => LegalPeriod.Parse(text));
        Assert.Contains("P14D", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Factories_RejectZero()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => LegalPeriod.Days(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => LegalPeriod.Months(-1));
        Assert.Equal(new LegalPeriod(3, PeriodUnit.Weeks), LegalPeriod.Weeks(3));
    }
}
