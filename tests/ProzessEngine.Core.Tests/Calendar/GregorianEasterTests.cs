using ProzessEngine.Core.Calendar;

namespace ProzessEngine.Core.Tests.Calendar;

public sealed class GregorianEasterTests
{
    // Easter Sundays 2000–2030 as published in the Osterfesttabelle of the Physikalisch-Technische Bundesanstalt.
    public static TheoryData<int, string> PublishedEasterSundays => new()
    {
        { 2000, "2000-04-23" }, { 2001, "2001-04-15" }, { 2002, "2002-03-31" }, { 2003, "2003-04-20" },
        { 2004, "2004-04-11" }, { 2005, "2005-03-27" }, { 2006, "2006-04-16" }, { 2007, "2007-04-08" },
        { 2008, "2008-03-23" }, { 2009, "2009-04-12" }, { 2010, "2010-04-04" }, { 2011, "2011-04-24" },
        { 2012, "2012-04-08" }, { 2013, "2013-03-31" }, { 2014, "2014-04-20" }, { 2015, "2015-04-05" },
        { 2016, "2016-03-27" }, { 2017, "2017-04-16" }, { 2018, "2018-04-01" }, { 2019, "2019-04-21" },
        { 2020, "2020-04-12" }, { 2021, "2021-04-04" }, { 2022, "2022-04-17" }, { 2023, "2023-04-09" },
        { 2024, "2024-03-31" }, { 2025, "2025-04-20" }, { 2026, "2026-04-05" }, { 2027, "2027-03-28" },
        { 2028, "2028-04-16" }, { 2029, "2029-04-01" }, { 2030, "2030-04-21" },
    };

    [Theory]
    [MemberData(nameof(PublishedEasterSundays))]
    public void Sunday_MatchesPublishedTable(int year, string expected) =>
        Assert.Equal(DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), GregorianEaster.Sunday(year));

    [Theory]
    // The earliest possible date, 22 March, since the reform and next.
    [InlineData(1598, 3, 22)]
    [InlineData(1693, 3, 22)]
    [InlineData(1761, 3, 22)]
    [InlineData(1818, 3, 22)]
    [InlineData(2285, 3, 22)]
    // The latest possible date, 25 April.
    [InlineData(1666, 4, 25)]
    [InlineData(1734, 4, 25)]
    [InlineData(1886, 4, 25)]
    [InlineData(1943, 4, 25)]
    [InlineData(2038, 4, 25)]
    // Years in which the epact correction decides (Gauss's exception rules).
    [InlineData(1954, 4, 18)]
    [InlineData(1981, 4, 19)]
    [InlineData(2049, 4, 18)]
    [InlineData(2076, 4, 19)]
    public void Sunday_MatchesKnownExtremesAndExceptions(int year, int month, int day) =>
        Assert.Equal(new DateOnly(year, month, day), GregorianEaster.Sunday(year));

    [Fact]
    public void Sunday_IsAlwaysASundayBetween22MarchAnd25April()
    {
        for (int year = GregorianEaster.FirstYear; year <= 9999; year++)
        {
            var easter = GregorianEaster.Sunday(year);
            Assert.Equal(DayOfWeek.Sunday, easter.DayOfWeek);
            Assert.InRange(easter, new DateOnly(year, 3, 22), new DateOnly(year, 4, 25));
        }
    }

    [Theory]
    [InlineData(1582)]
    [InlineData(0)]
    [InlineData(10000)]
    public void Sunday_OutsideGregorianRange_Throws(int year) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => GregorianEaster.Sunday(year));
}
