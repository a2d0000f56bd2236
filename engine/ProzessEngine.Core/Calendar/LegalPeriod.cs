using System.Globalization;

namespace ProzessEngine.Core.Calendar;

/// <summary>
/// The length of a legal period (Frist) in one unit: days, weeks, months or years. A half year is
/// <c>Months(6)</c>, a quarter <c>Months(3)</c> (§189(1) BGB); a half month is <c>Days(15)</c> (§189(1) BGB).
/// </summary>
/// <param name="Length">The number of units, at least 1.</param>
/// <param name="Unit">The unit.</param>
public readonly record struct LegalPeriod(int Length, PeriodUnit Unit)
{
    /// <summary>A period of <paramref name="days"/> days.</summary>
    public static LegalPeriod Days(int days) => Create(days, PeriodUnit.Days);

    /// <summary>A period of <paramref name="weeks"/> weeks.</summary>
    public static LegalPeriod Weeks(int weeks) => Create(weeks, PeriodUnit.Weeks);

    /// <summary>A period of <paramref name="months"/> months.</summary>
    public static LegalPeriod Months(int months) => Create(months, PeriodUnit.Months);

    /// <summary>A period of <paramref name="years"/> years.</summary>
    public static LegalPeriod Years(int years) => Create(years, PeriodUnit.Years);

    /// <summary>
    /// Reads an ISO 8601 duration with a single date unit, as a BPMN timer writes it: "P14D", "P2W", "P1M", "P1Y".
    /// </summary>
    /// <exception cref="FormatException">
    /// Anything else: combined units ("P1M2D") have no counting rule in §§187–193 BGB, and periods in hours
    /// (§31(6) VwVfG) are not deadlines of this calendar.
    /// </exception>
    public static LegalPeriod Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string trimmed = text.Trim().ToUpperInvariant();
        if (trimmed.Length >= 3 && trimmed[0] == 'P' &&
            int.TryParse(trimmed.AsSpan(1, trimmed.Length - 2), NumberStyles.None, CultureInfo.InvariantCulture, out int length) &&
            length >= 1)
        {
            PeriodUnit? unit = trimmed[^1] switch
            {
                'D' => PeriodUnit.Days,
                'W' => PeriodUnit.Weeks,
                'M' => PeriodUnit.Months,
                'Y' => PeriodUnit.Years,
                _ => null,
            };
            if (unit is not null)
            {
                return new LegalPeriod(length, unit.Value);
            }
        }

        throw new FormatException(
            $"'{text}' is no legal period: expected an ISO 8601 duration with one unit and a length of at least 1, " +
            "e.g. P14D, P2W, P1M or P1Y.");
    }

    /// <summary>The period as an ISO 8601 duration, e.g. "P1M".</summary>
    public override string ToString() => Unit switch
    {
        PeriodUnit.Days => $"P{Length}D",
        PeriodUnit.Weeks => $"P{Length}W",
        PeriodUnit.Months => $"P{Length}M",
        PeriodUnit.Years => $"P{Length}Y",
        _ => $"P{Length}?",
    };

    private static LegalPeriod Create(int length, PeriodUnit unit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        return new LegalPeriod(length, unit);
    }
}
