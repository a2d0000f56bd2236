using System.Globalization;
using System.Text.RegularExpressions;

namespace ProzessEngine.Core.Forms;

/// <summary>
/// The values of date-time fields, as form-js writes them: a date "2026-03-01", a time "14:30" (with "Z" or an offset
/// "+01:00" when the field normalises to UTC or keeps the offset), or both "2026-03-01T14:30". Seconds and fractions
/// are accepted too, as a variable written elsewhere may carry them.
/// </summary>
internal static partial class FormDates
{
    /// <summary>The calendar day the value names, in <paramref name="zone"/> when it carries an offset; null for a time.</summary>
    public static bool TryRead(string subtype, string text, out DateOnly? day, TimeZoneInfo? zone = null)
    {
        day = null;
        var match = subtype switch
        {
            "time" => TimeOnlyPattern().Match(text),
            "datetime" => DateTimePattern().Match(text),
            _ => DatePattern().Match(text),
        };
        if (!match.Success)
        {
            return false;
        }

        if (subtype == "time")
        {
            return true;
        }

        if (!DateOnly.TryParseExact(match.Groups["date"].Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return false;
        }

        day = date;
        if (subtype == "datetime" && match.Groups["offset"].Success && zone is not null)
        {
            var offset = match.Groups["offset"].Value is "Z" or "z" ? TimeSpan.Zero
                : TimeSpan.ParseExact(match.Groups["offset"].Value[1..], @"hh\:mm", CultureInfo.InvariantCulture) * (match.Groups["offset"].Value[0] == '-' ? -1 : 1);
            var time = TimeOnly.ParseExact(match.Groups["time"].Value, ["HH:mm", "HH:mm:ss", "HH:mm:ss.FFFFFFF"], CultureInfo.InvariantCulture);
            var instant = new DateTimeOffset(date.ToDateTime(time), offset);
            day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, zone).DateTime);
        }

        return true;
    }

    [GeneratedRegex(@"^(?<date>\d{4}-\d{2}-\d{2})\z")]
    private static partial Regex DatePattern();

    [GeneratedRegex(@"^(?<time>([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,7})?)?)(?<offset>Z|z|[+-]([01]\d|2[0-3]):[0-5]\d)?\z")]
    private static partial Regex TimeOnlyPattern();

    [GeneratedRegex(@"^(?<date>\d{4}-\d{2}-\d{2})T(?<time>([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,7})?)?)(?<offset>Z|z|[+-]([01]\d|2[0-3]):[0-5]\d)?\z")]
    private static partial Regex DateTimePattern();
}
