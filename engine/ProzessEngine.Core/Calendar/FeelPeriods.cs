using ProzessEngine.Feel;

namespace ProzessEngine.Core.Calendar;

/// <summary>
/// Reads a legal period from a FEEL value, as timers with prozessengine:timerMode = legalDeadline and the FEEL function
/// legal deadline() both take it: a years-months duration (whole months, a year is twelve, §188 BGB), a days-time
/// duration of whole days, or ISO 8601 text with one unit (P14D, P2W, P1M, P1Y).
/// </summary>
internal static class FeelPeriods
{
    public static bool TryRead(FeelValue duration, out LegalPeriod period, out string problem)
    {
        period = default;
        problem = "";
        if (duration.TryGetString(out var text))
        {
            try
            {
                period = LegalPeriod.Parse(text);
                return true;
            }
            catch (FormatException ex)
            {
                problem = ex.Message;
                return false;
            }
        }

        if (duration.Kind == FeelValueKind.YearsMonthsDuration && FeelTemporal.TryAddTo(duration, DateTimeOffset.UnixEpoch, out var end))
        {
            // The epoch turns the duration back into its months.
            var months = ((end.Year - 1970) * 12) + end.Month - 1;
            if (months >= 1)
            {
                period = LegalPeriod.Months(months);
                return true;
            }

            problem = $"{duration} is shorter than a month";
            return false;
        }

        if (duration.TryGetDuration(out var span) && span.Ticks % TimeSpan.TicksPerDay == 0 && span.TotalDays is >= 1 and <= int.MaxValue)
        {
            period = LegalPeriod.Days((int)span.TotalDays);
            return true;
        }

        problem = $"{duration} is no period of whole days, weeks, months or years such as P14D or P1M";
        return false;
    }
}
