using static ProzessEngine.Core.Calendar.FederalState;

namespace ProzessEngine.Core.Calendar;

/// <summary>
/// The public holidays of the sixteen Länder, one line per rule; docs/business-calendar.md gives the source of each.
/// Days that are holidays only in some municipalities are not here: they are <see cref="MunicipalDay"/> options.
/// </summary>
internal static class StatutoryHolidays
{
    private static readonly StateSet Everywhere = StateSet.All;

    private static readonly StatutoryHolidayRule[] Rules =
    [
        new("Neujahr", new FixedDateRule(1, 1), Everywhere),
        new("Heilige Drei Könige", new FixedDateRule(1, 6), StateSet.Of(BW, BY, ST)),
        new("Internationaler Frauentag", new FixedDateRule(3, 8), StateSet.Of(BE), FirstYear: 2019),
        new("Internationaler Frauentag", new FixedDateRule(3, 8), StateSet.Of(MV), FirstYear: 2023),
        new("Karfreitag", new EasterRelativeRule(-2), Everywhere),
        new("Ostersonntag", new EasterRelativeRule(0), StateSet.Of(BB)),
        new("Ostermontag", new EasterRelativeRule(1), Everywhere),
        new("Tag der Arbeit", new FixedDateRule(5, 1), Everywhere),
        // Berlin's one-off days for the 75th and 80th anniversary of the end of the war in Europe.
        new("Tag der Befreiung", new SingleDateRule(new DateOnly(2020, 5, 8)), StateSet.Of(BE)),
        new("Tag der Befreiung", new SingleDateRule(new DateOnly(2025, 5, 8)), StateSet.Of(BE)),
        new("Christi Himmelfahrt", new EasterRelativeRule(39), Everywhere),
        new("Pfingstsonntag", new EasterRelativeRule(49), StateSet.Of(BB)),
        new("Pfingstmontag", new EasterRelativeRule(50), Everywhere),
        new("Fronleichnam", new EasterRelativeRule(60), StateSet.Of(BW, BY, HE, NW, RP, SL)),
        new("Mariä Himmelfahrt", new FixedDateRule(8, 15), StateSet.Of(SL)),
        new("Weltkindertag", new FixedDateRule(9, 20), StateSet.Of(TH), FirstYear: 2019),
        new("Tag der Deutschen Einheit", new FixedDateRule(10, 3), Everywhere),
        new("Reformationstag", new FixedDateRule(10, 31), StateSet.Of(BB, MV, SN, ST, TH)),
        // The four northern Länder kept the 2017 jubilee holiday from 2018 on; the others had it in 2017 only.
        new("Reformationstag", new FixedDateRule(10, 31), StateSet.Of(HB, HH, NI, SH), FirstYear: 2017),
        new("Reformationstag", new FixedDateRule(10, 31), StateSet.Of(BW, BY, BE, HE, NW, RP, SL), FirstYear: 2017, LastYear: 2017),
        new("Allerheiligen", new FixedDateRule(11, 1), StateSet.Of(BW, BY, NW, RP, SL)),
        // Abolished from 1995 everywhere but Sachsen to pay for the Pflegeversicherung.
        new("Buß- und Bettag", new WednesdayBeforeRule(11, 23), StateSet.Of(SN)),
        new("Buß- und Bettag", new WednesdayBeforeRule(11, 23), Everywhere.Except(SN), LastYear: 1994),
        new("1. Weihnachtstag", new FixedDateRule(12, 25), Everywhere),
        new("2. Weihnachtstag", new FixedDateRule(12, 26), Everywhere),
    ];

    public static IEnumerable<Holiday> In(FederalState state, int year)
    {
        foreach (var rule in Rules)
        {
            if (rule.In(state, year) is { } date)
            {
                yield return new Holiday(date, rule.Name, HolidayKind.Statutory);
            }
        }
    }
}
