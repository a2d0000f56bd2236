using System.Globalization;

namespace ProzessEngine.Core.Text;

/// <summary>
/// Dates and numbers as a German letter or task list writes them ("1. März 2027", "7.350,20 €"). Written out here
/// instead of taken from ICU's de-DE: the engine runs in globalization-invariant mode (no ICU loaded, ~6 MB less resident
/// memory per node), and fixed formats do not change with the ICU version of the machine. The values are ICU's de-DE.
/// Comparison and casing stay invariant (by code point), as everywhere in the engine.
/// </summary>
public static class GermanFormat
{
    public static CultureInfo Culture { get; } = Create();

    private static CultureInfo Create()
    {
        var culture = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        culture.DateTimeFormat = Dates();
        culture.NumberFormat = Numbers();
        return CultureInfo.ReadOnly(culture);
    }

    private static DateTimeFormatInfo Dates()
    {
        var dates = (DateTimeFormatInfo)CultureInfo.InvariantCulture.DateTimeFormat.Clone();
        string[] months = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember", ""];
        string[] shortMonths = ["Jan.", "Feb.", "März", "Apr.", "Mai", "Juni", "Juli", "Aug.", "Sept.", "Okt.", "Nov.", "Dez.", ""];
        dates.MonthNames = months;
        dates.MonthGenitiveNames = months;
        dates.AbbreviatedMonthNames = shortMonths;
        dates.AbbreviatedMonthGenitiveNames = shortMonths;
        dates.DayNames = ["Sonntag", "Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag"];
        dates.AbbreviatedDayNames = ["So.", "Mo.", "Di.", "Mi.", "Do.", "Fr.", "Sa."];
        dates.ShortestDayNames = ["So", "Mo", "Di", "Mi", "Do", "Fr", "Sa"];
        dates.DateSeparator = ".";
        dates.TimeSeparator = ":";
        dates.ShortDatePattern = "dd.MM.yyyy";
        dates.LongDatePattern = "dddd, d. MMMM yyyy";
        dates.ShortTimePattern = "HH:mm";
        dates.LongTimePattern = "HH:mm:ss";
        dates.FullDateTimePattern = "dddd, d. MMMM yyyy HH:mm:ss";
        dates.MonthDayPattern = "d. MMMM";
        dates.YearMonthPattern = "MMMM yyyy";
        dates.FirstDayOfWeek = DayOfWeek.Monday;
        dates.CalendarWeekRule = CalendarWeekRule.FirstFourDayWeek;
        return dates;
    }

    private static NumberFormatInfo Numbers()
    {
        var numbers = (NumberFormatInfo)CultureInfo.InvariantCulture.NumberFormat.Clone();
        numbers.NumberDecimalSeparator = ",";
        numbers.NumberGroupSeparator = ".";
        numbers.CurrencyDecimalSeparator = ",";
        numbers.CurrencyGroupSeparator = ".";
        numbers.PercentDecimalSeparator = ",";
        numbers.PercentGroupSeparator = ".";
        numbers.CurrencySymbol = "€";
        numbers.CurrencyPositivePattern = 3; // n $
        numbers.CurrencyNegativePattern = 8; // -n $
        numbers.PercentPositivePattern = 0; // n %
        numbers.PercentNegativePattern = 0; // -n %
        numbers.PositiveInfinitySymbol = "∞";
        numbers.NegativeInfinitySymbol = "-∞";
        return numbers;
    }
}
