using System.Globalization;
using ProzessEngine.Feel;

namespace ProzessEngine.Bpmn;

/// <summary>
/// ISO 8601 durations as timers write them: what FEEL accepts (<c>P1Y2M</c>, <c>P3DT4H</c>, <c>PT15M</c>) plus weeks
/// (<c>P2W</c>), which ISO 8601 and Camunda's timers allow but FEEL's duration type lacks; a week is seven days.
/// </summary>
public static class IsoDuration
{
    public static bool TryParse(string? text, out FeelValue duration)
    {
        duration = FeelValue.Null;
        if (text is null)
        {
            return false;
        }

        // Camunda 8 reads durations with Java's parser, which takes the letters in either case (PT30s) and a leading '+'.
        var trimmed = text.Trim().ToUpperInvariant();
        if (trimmed.StartsWith('+'))
        {
            trimmed = trimmed[1..];
        }

        var negative = trimmed.StartsWith('-');
        var body = negative ? trimmed[1..] : trimmed;
        if (body.Length > 2 && body[0] == 'P' && body[^1] == 'W'
            && long.TryParse(body.AsSpan(1, body.Length - 2), NumberStyles.None, CultureInfo.InvariantCulture, out var weeks)
            && weeks <= int.MaxValue / 7)
        {
            trimmed = $"{(negative ? "-" : "")}P{weeks * 7}D";
        }

        return FeelTemporal.TryParseDuration(trimmed, out duration);
    }
}
