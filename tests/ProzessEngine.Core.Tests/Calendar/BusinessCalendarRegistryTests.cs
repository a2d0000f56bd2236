using ProzessEngine.Core.Calendar;

namespace ProzessEngine.Core.Tests.Calendar;

public sealed class BusinessCalendarRegistryTests
{
    private static readonly BusinessCalendar Augsburg = BusinessCalendar.ForState(FederalState.BY)
        .WithId("augsburg")
        .WithExtraDays(MunicipalDay.AugsburgerHohesFriedensfest, MunicipalDay.MariaeHimmelfahrt);

    private readonly BusinessCalendarRegistry _registry = new("BY", Augsburg);

    [Fact]
    public void EveryLand_ResolvesByItsCode_IgnoringCase()
    {
        foreach (var state in FederalStates.All)
        {
            Assert.Equal(state, _registry.Get(state.Code()).State);
            Assert.Equal(state, _registry.Get(state.Code().ToLowerInvariant()).State);
            Assert.Empty(_registry.Get(state.Code()).ExtraDays);
        }
    }

    [Fact]
    public void MunicipalCalendar_ResolvesByItsId()
    {
        var calendar = _registry.Get("Augsburg");

        Assert.Same(Augsburg, calendar);
        Assert.True(calendar.IsPublicHoliday(new DateOnly(2026, 8, 8)));
        Assert.Equal(17, _registry.Ids.Count);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void NoId_GivesTheDefault(string? id) => Assert.Equal("BY", _registry.Get(id).Id);

    [Fact]
    public void UnknownId_NamesItAndListsTheKnownIds()
    {
        var error = Assert.Throws<UnknownBusinessCalendarException>(() => _registry.Get("nürnberg"));

        Assert.Equal("nürnberg", error.CalendarId);
        Assert.Contains("'nürnberg'", error.Message, StringComparison.Ordinal);
        Assert.Contains("augsburg, BB, BE, BW, BY, HB, HE, HH, MV, NI, NW, RP, SH, SL, SN, ST, TH", error.Message, StringComparison.Ordinal);
        Assert.Equal(_registry.Ids, error.KnownIds);
        Assert.False(_registry.TryGet("nürnberg", out _));
    }

    [Fact]
    public void MunicipalCalendarWithALandsId_IsRejected()
    {
        var bavariaWithExtras = BusinessCalendar.ForState(FederalState.BY).WithExtraDays(MunicipalDay.MariaeHimmelfahrt);

        var error = Assert.Throws<ArgumentException>(() => new BusinessCalendarRegistry("BY", bavariaWithExtras));
        Assert.Contains("WithId", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DuplicateIds_AreRejected_IgnoringCase()
    {
        var other = BusinessCalendar.ForState(FederalState.BY).WithId("AUGSBURG");
        Assert.Throws<ArgumentException>(() => new BusinessCalendarRegistry("BY", Augsburg, other));
    }

    [Fact]
    public void UnknownDefault_IsRejected()
    {
        var error = Assert.Throws<ArgumentException>(() => new BusinessCalendarRegistry("XY"));
        Assert.Contains("Known calendars: BB, BE", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MunicipalDefault_IsAllowed() =>
        Assert.Same(Augsburg, new BusinessCalendarRegistry("augsburg", Augsburg).Default);
}
