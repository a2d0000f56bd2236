using System.Globalization;

namespace ProzessEngine.Core.Calendar;

/// <summary>
/// A day off that a municipality adds to its Land's public holidays: a yearly date (08-08), a one-off date
/// (2027-05-03), a day relative to Easter (Rosenmontag = Easter-48), or one of the named regional holidays
/// (<see cref="MariaeHimmelfahrt"/>, <see cref="Fronleichnam"/>, <see cref="AugsburgerHohesFriedensfest"/>).
/// </summary>
public sealed record MunicipalDay
{
    private const int MaxDaysFromEaster = 180;

    private MunicipalDay(DateRule rule, string name, HolidayKind kind, string? option = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (kind is not (HolidayKind.Regional or HolidayKind.OfficeClosure))
        {
            throw new ArgumentOutOfRangeException(
                nameof(kind), kind, "A municipal day is either a Regional public holiday or an OfficeClosure.");
        }

        Rule = rule;
        Name = name.Trim();
        Kind = kind;
        Option = option;
    }

    /// <summary>
    /// Mariä Himmelfahrt (15 August): statutory in Saarland; in Bayern a public holiday only in municipalities
    /// with a Catholic majority (Art. 1 Abs. 1 Nr. 2 Bayerisches Feiertagsgesetz), which add this option.
    /// </summary>
    public static MunicipalDay MariaeHimmelfahrt { get; } =
        new(new FixedDateRule(8, 15), "Mariä Himmelfahrt", HolidayKind.Regional, nameof(MariaeHimmelfahrt));

    /// <summary>
    /// Fronleichnam (Easter + 60): statutory in six Länder; in Sachsen (Fronleichnamsverordnung, Sorbian Catholic
    /// municipalities near Bautzen) and Thüringen (Eichsfeld and some municipalities nearby) only regionally.
    /// </summary>
    public static MunicipalDay Fronleichnam { get; } =
        new(new EasterRelativeRule(60), "Fronleichnam", HolidayKind.Regional, nameof(Fronleichnam));

    /// <summary>Augsburger Hohes Friedensfest (8 August), a public holiday in the city of Augsburg only.</summary>
    public static MunicipalDay AugsburgerHohesFriedensfest { get; } =
        new(new FixedDateRule(8, 8), "Augsburger Hohes Friedensfest", HolidayKind.Regional, nameof(AugsburgerHohesFriedensfest));

    /// <summary>The German name shown in holiday lists.</summary>
    public string Name { get; }

    /// <summary>Whether the day is a public holiday of the municipality or only an office closure.</summary>
    public HolidayKind Kind { get; }

    /// <summary>The rule as <see cref="Parse"/> reads it: "MM-DD", "YYYY-MM-DD", "Easter+N"/"Easter-N" or an option name.</summary>
    public string RuleText => Option ?? Rule.Text;

    internal DateRule Rule { get; }

    private string? Option { get; }

    /// <summary>The same date every year (29 February only in leap years).</summary>
    public static MunicipalDay Annual(int month, int day, string name, HolidayKind kind) =>
        new(new FixedDateRule(month, day), name, kind);

    /// <summary>One date only, e.g. a one-off local holiday or a closure for an event.</summary>
    public static MunicipalDay Once(DateOnly date, string name, HolidayKind kind) =>
        new(new SingleDateRule(date), name, kind);

    /// <summary>A day <paramref name="daysAfterEaster"/> days after Easter Sunday (negative: before), e.g. -48 for Rosenmontag.</summary>
    public static MunicipalDay RelativeToEaster(int daysAfterEaster, string name, HolidayKind kind)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(daysAfterEaster, -MaxDaysFromEaster);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(daysAfterEaster, MaxDaysFromEaster);
        return new(new EasterRelativeRule(daysAfterEaster), name, kind);
    }

    /// <summary>
    /// Reads a day from configuration. <paramref name="rule"/> is an option name (<c>MariaeHimmelfahrt</c>,
    /// <c>Fronleichnam</c>, <c>AugsburgerHohesFriedensfest</c>; then name and kind may be left out) or a date rule
    /// <c>MM-DD</c>, <c>YYYY-MM-DD</c>, <c>Easter+N</c> / <c>Easter-N</c> (then name and kind are required).
    /// </summary>
    /// <exception cref="FormatException">The rule is none of these, or a name or kind is missing or contradicts an option.</exception>
    public static MunicipalDay Parse(string rule, string? name = null, HolidayKind? kind = null)
    {
        ArgumentNullException.ThrowIfNull(rule);
        string text = rule.Trim();

        foreach (var option in (MunicipalDay[])[MariaeHimmelfahrt, Fronleichnam, AugsburgerHohesFriedensfest])
        {
            if (string.Equals(text, option.Option, StringComparison.OrdinalIgnoreCase))
            {
                if ((name is not null && name.Trim() != option.Name) || (kind is not null && kind != option.Kind))
                {
                    throw new FormatException(
                        $"'{option.Option}' is the {option.Kind} holiday '{option.Name}'; leave out name and kind or repeat them unchanged.");
                }

                return option;
            }
        }

        DateRule dateRule = ParseDateRule(text);
        if (string.IsNullOrWhiteSpace(name) || kind is null)
        {
            throw new FormatException(
                $"The municipal day '{text}' needs a name and a kind ({HolidayKind.Regional} public holiday or {HolidayKind.OfficeClosure}).");
        }

        try
        {
            return new MunicipalDay(dateRule, name, kind.Value);
        }
        catch (ArgumentException exception)
        {
            throw new FormatException($"'{text}': {exception.Message}", exception);
        }
    }

    /// <summary>The rule and the name, e.g. "08-08 Augsburger Hohes Friedensfest".</summary>
    public override string ToString() => $"{RuleText} {Name} ({Kind})";

    private static DateRule ParseDateRule(string text)
    {
        const string Expected = "expected an option name, MM-DD, YYYY-MM-DD, Easter+N or Easter-N";

        if (text.StartsWith("Easter", StringComparison.OrdinalIgnoreCase))
        {
            string offset = text["Easter".Length..];
            if (offset.Length > 1 && offset[0] is '+' or '-' &&
                int.TryParse(offset, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int days) &&
                Math.Abs(days) <= MaxDaysFromEaster)
            {
                return new EasterRelativeRule(days);
            }

            throw new FormatException($"'{text}': {Expected}, with N up to {MaxDaysFromEaster}.");
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return new SingleDateRule(date);
        }

        // Parsing MM-DD against a leap year accepts 02-29.
        if (text.Length == 5 &&
            DateOnly.TryParseExact("2000-" + text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var yearly))
        {
            return new FixedDateRule(yearly.Month, yearly.Day);
        }

        throw new FormatException($"'{text}': {Expected}.");
    }
}
