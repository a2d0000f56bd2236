using ProzessEngine.Core.Calendar;

namespace ProzessEngine.Core.Tests.Calendar;

public sealed class MunicipalDayTests
{
    private static readonly BusinessCalendar Augsburg = BusinessCalendar.ForState(FederalState.BY)
        .WithId("augsburg")
        .WithExtraDays(MunicipalDay.Annual(8, 8, "Augsburger Hohes Friedensfest", HolidayKind.Regional), MunicipalDay.MariaeHimmelfahrt);

    [Fact]
    public void Augsburg2026_HasBavariasHolidaysPlusFriedensfestAndMariaeHimmelfahrt()
    {
        var holidays = Augsburg.Holidays(2026);

        Assert.Equal(14, holidays.Count);
        Assert.Contains(new Holiday(new DateOnly(2026, 8, 8), "Augsburger Hohes Friedensfest", HolidayKind.Regional), holidays);
        Assert.Contains(new Holiday(new DateOnly(2026, 8, 15), "Mariä Himmelfahrt", HolidayKind.Regional), holidays);
        Assert.True(Augsburg.IsPublicHoliday(new DateOnly(2025, 8, 8)));
        Assert.False(BusinessCalendar.ForState(FederalState.BY).IsPublicHoliday(new DateOnly(2025, 8, 8)));
    }

    [Fact]
    public void NamedOption_AugsburgerHohesFriedensfest_IsThe8August()
    {
        var calendar = BusinessCalendar.ForState(FederalState.BY).WithExtraDays(MunicipalDay.AugsburgerHohesFriedensfest);

        Assert.False(calendar.IsPublicHoliday(new DateOnly(2027, 8, 10)));
        Assert.Contains(calendar.Holidays(2027), h => h.Date == new DateOnly(2027, 8, 8) && h.Name == "Augsburger Hohes Friedensfest");
    }

    [Fact]
    public void Fronleichnam_AsRegionalHolidayInSachsen()
    {
        var crostwitz = BusinessCalendar.ForState(FederalState.SN).WithId("crostwitz").WithExtraDays(MunicipalDay.Fronleichnam);

        Assert.True(crostwitz.IsPublicHoliday(new DateOnly(2026, 6, 4)));
        Assert.False(crostwitz.IsWorkingDay(new DateOnly(2026, 6, 4)));
        Assert.False(BusinessCalendar.ForState(FederalState.SN).IsPublicHoliday(new DateOnly(2026, 6, 4)));
    }

    [Fact]
    public void OptionThatIsAlreadyStatutory_IsListedOnce()
    {
        var saarland = BusinessCalendar.ForState(FederalState.SL).WithExtraDays(MunicipalDay.MariaeHimmelfahrt);

        var mariae = Assert.Single(saarland.Holidays(2026), h => h.Name == "Mariä Himmelfahrt");
        Assert.Equal(HolidayKind.Statutory, mariae.Kind);
        Assert.Equal(12, saarland.Holidays(2026).Count);
    }

    [Fact]
    public void OfficeClosure_IsNoWorkingDayButNoPublicHoliday()
    {
        var calendar = BusinessCalendar.ForState(FederalState.NW)
            .WithExtraDays(
                MunicipalDay.RelativeToEaster(-48, "Rosenmontag", HolidayKind.OfficeClosure),
                MunicipalDay.Annual(12, 24, "Heiligabend", HolidayKind.OfficeClosure));
        var rosenmontag = new DateOnly(2026, 2, 16);

        Assert.False(calendar.IsWorkingDay(rosenmontag));
        Assert.False(calendar.IsPublicHoliday(rosenmontag));
        var listed = Assert.Single(calendar.Holidays(2026), h => h.Date == rosenmontag);
        Assert.Equal(new Holiday(rosenmontag, "Rosenmontag", HolidayKind.OfficeClosure), listed);
        Assert.False(listed.IsPublicHoliday);
        Assert.False(calendar.IsWorkingDay(new DateOnly(2026, 12, 24)));
    }

    [Fact]
    public void Once_AppliesInItsYearOnly()
    {
        var calendar = BusinessCalendar.ForState(FederalState.HE)
            .WithExtraDays(MunicipalDay.Once(new DateOnly(2027, 6, 18), "Stadtjubiläum", HolidayKind.Regional));

        Assert.True(calendar.IsPublicHoliday(new DateOnly(2027, 6, 18)));
        Assert.False(calendar.IsPublicHoliday(new DateOnly(2028, 6, 18)));
    }

    [Fact]
    public void Annual29February_OnlyInLeapYears()
    {
        var calendar = BusinessCalendar.ForState(FederalState.HB)
            .WithExtraDays(MunicipalDay.Annual(2, 29, "Schalttag", HolidayKind.OfficeClosure));

        Assert.Contains(calendar.Holidays(2028), h => h.Name == "Schalttag");
        Assert.DoesNotContain(calendar.Holidays(2027), h => h.Name == "Schalttag");
    }

    [Fact]
    public void WithoutDaysOff_RemovesHolidaysOfAnyKind()
    {
        var calendar = BusinessCalendar.ForState(FederalState.BY)
            .WithExtraDays(MunicipalDay.Annual(12, 24, "Heiligabend", HolidayKind.OfficeClosure))
            .WithoutDaysOff(new DateOnly(2026, 12, 24), new DateOnly(2026, 1, 6));

        Assert.True(calendar.IsWorkingDay(new DateOnly(2026, 12, 24)));
        Assert.True(calendar.IsWorkingDay(new DateOnly(2026, 1, 6)));
        Assert.False(calendar.IsPublicHoliday(new DateOnly(2026, 1, 6)));
        Assert.False(calendar.IsWorkingDay(new DateOnly(2027, 12, 24)));
        Assert.Equal(11, calendar.Holidays(2026).Count);
    }

    [Fact]
    public void WithExtraDays_DoesNotChangeTheOriginalOrAddADayTwice()
    {
        var bavaria = BusinessCalendar.ForState(FederalState.BY);
        var once = bavaria.WithExtraDays(MunicipalDay.MariaeHimmelfahrt);
        var twice = once.WithExtraDays(MunicipalDay.Parse("mariaehimmelfahrt"));

        Assert.Empty(bavaria.ExtraDays);
        Assert.Single(twice.ExtraDays);
        Assert.False(bavaria.IsPublicHoliday(new DateOnly(2026, 8, 15)));
        Assert.True(twice.IsPublicHoliday(new DateOnly(2026, 8, 15)));
    }

    [Theory]
    [InlineData("08-08", "08-08")]
    [InlineData("02-29", "02-29")]
    [InlineData("2027-05-03", "2027-05-03")]
    [InlineData("Easter-48", "Easter-48")]
    [InlineData("easter+1", "Easter+1")]
    [InlineData(" Easter+0 ", "Easter+0")]
    public void Parse_DateRules(string rule, string canonical)
    {
        var day = MunicipalDay.Parse(rule, "Brauchtumstag", HolidayKind.OfficeClosure);

        Assert.Equal(canonical, day.RuleText);
        Assert.Equal("Brauchtumstag", day.Name);
        Assert.Equal(HolidayKind.OfficeClosure, day.Kind);
        Assert.Equal(day, MunicipalDay.Parse(day.RuleText, day.Name, day.Kind));
    }

    [Theory]
    [InlineData("MariaeHimmelfahrt")]
    [InlineData("fronleichnam")]
    [InlineData("AugsburgerHohesFriedensfest")]
    public void Parse_NamedOptions_NeedNoNameOrKind(string rule)
    {
        var day = MunicipalDay.Parse(rule);

        Assert.Equal(HolidayKind.Regional, day.Kind);
        Assert.Equal(rule, day.RuleText, ignoreCase: true);
        Assert.Same(day, MunicipalDay.Parse(day.RuleText, day.Name, day.Kind));
    }

    [Theory]
    [InlineData("13-01", "Tag", HolidayKind.Regional)]
    [InlineData("02-30", "Tag", HolidayKind.Regional)]
    [InlineData("2026-02-29", "Tag", HolidayKind.Regional)]
    [InlineData("8-8", "Tag", HolidayKind.Regional)]
    [InlineData("Easter", "Tag", HolidayKind.Regional)]
    [InlineData("Easter+x", "Tag", HolidayKind.Regional)]
    [InlineData("Easter+400", "Tag", HolidayKind.Regional)]
    [InlineData("Heiligabend", "Tag", HolidayKind.Regional)]
    [InlineData("08-08", null, HolidayKind.Regional)]
    [InlineData("08-08", "Tag", null)]
    [InlineData("08-08", "Tag", HolidayKind.Statutory)]
    [InlineData("MariaeHimmelfahrt", null, HolidayKind.OfficeClosure)]
    [InlineData("MariaeHimmelfahrt", "Maria", null)]
    public void Parse_Rejects(string rule, string? name, HolidayKind? kind)
    {
        var error = Assert.Throws<FormatException>(() => MunicipalDay.Parse(rule, name, kind));
        Assert.Contains(rule.Trim(), error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Factories_RejectStatutoryKindAndBlankNames()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => MunicipalDay.Annual(8, 8, "Tag", HolidayKind.Statutory));
        Assert.Throws<ArgumentException>(() => MunicipalDay.Once(new DateOnly(2026, 1, 2), " ", HolidayKind.Regional));
        Assert.Throws<ArgumentOutOfRangeException>(() => MunicipalDay.Annual(4, 31, "Tag", HolidayKind.Regional));
        Assert.Throws<ArgumentOutOfRangeException>(() => MunicipalDay.RelativeToEaster(181, "Tag", HolidayKind.Regional));
    }

    [Fact]
    public void SaturdayAsWorkingDay_ForWorkingDayArithmetic()
    {
        var calendar = BusinessCalendar.ForState(FederalState.BE).WithSaturdayAsWorkingDay();

        Assert.True(calendar.IsWorkingDay(new DateOnly(2026, 3, 7)));
        Assert.False(calendar.IsWorkingDay(new DateOnly(2026, 3, 8)));
        Assert.False(calendar.IsWorkingDay(new DateOnly(2026, 10, 3)));
        Assert.False(BusinessCalendar.ForState(FederalState.BE).IsWorkingDay(new DateOnly(2026, 3, 7)));
    }

    [Theory]
    [InlineData("augsburg")]
    [InlineData("Landkreis_Eichsfeld-2")]
    [InlineData("de.bayern.augsburg")]
    public void WithId_AcceptsSimpleIds(string id) =>
        Assert.Equal(id, BusinessCalendar.ForState(FederalState.BY).WithId(id).Id);

    [Theory]
    [InlineData("")]
    [InlineData(" augsburg")]
    [InlineData("augs burg")]
    [InlineData("-augsburg")]
    [InlineData("augsburg/stadt")]
    [InlineData("augsburg\n")]
    public void WithId_RejectsOtherIds(string id) =>
        Assert.Throws<ArgumentException>(() => BusinessCalendar.ForState(FederalState.BY).WithId(id));
}
