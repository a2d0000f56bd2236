using System.Text;
using ProzessEngine.Feel.Numbers;
using ProzessEngine.Feel.Runtime;
using ProzessEngine.Feel.Temporal;

namespace ProzessEngine.Feel.Builtins.Conversion;

internal sealed class DateFunction : BuiltinFunction
{
    public override string Name => "date";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } =
    [
        Signature(FromValue, "from"),
        Signature(FromParts, "year", "month", "day"),
    ];

    private static FeelValue FromValue(BuiltinCall call)
    {
        var from = call[0];
        switch (from.Kind)
        {
            case FeelValueKind.String:
                return IsoTemporal.TryParseDate(from.StringValue, out var date)
                    ? FeelValue.FromDate(date)
                    : call.Fail($"'{from.StringValue}' is not a date (expected yyyy-mm-dd)");
            case FeelValueKind.Date:
                return from;
            case FeelValueKind.DateTime:
                return FeelValue.FromDate(from.DateTime.Date);
            default:
                return call.Fail($"cannot convert {FeelFormatter.Describe(from)} to a date");
        }
    }

    private static FeelValue FromParts(BuiltinCall call)
    {
        if (!call.Number(0, out var year) || !call.Number(1, out var month) || !call.Number(2, out var day))
        {
            return FeelValue.Null;
        }

        if (!year.TryTruncateToInt64(out var y) || !month.TryTruncateToInt64(out var m) || !day.TryTruncateToInt64(out var d)
            || !FeelDate.TryCreate(y, m, d, out var date))
        {
            return call.Fail($"{year}-{month}-{day} is not a valid date");
        }

        return FeelValue.FromDate(date);
    }
}

internal sealed class DateAndTimeFunction : BuiltinFunction
{
    public override string Name => "date and time";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } =
    [
        Signature(FromValue, "from"),
        Signature(FromDateAndTime, "date", "time"),
    ];

    private static FeelValue FromValue(BuiltinCall call)
    {
        var from = call[0];
        switch (from.Kind)
        {
            case FeelValueKind.String:
                return IsoTemporal.TryParseDateTime(from.StringValue, out var dateTime)
                    ? FeelValue.FromDateTime(dateTime)
                    : call.Fail($"'{from.StringValue}' is not a date and time (expected yyyy-mm-ddThh:mm:ss with optional offset or @zone)");
            case FeelValueKind.DateTime:
                return from;
            case FeelValueKind.Date:
                return FeelValue.FromDateTime(FeelDateTime.Local(from.Date.EpochDay, 0));
            default:
                return call.Fail($"cannot convert {FeelFormatter.Describe(from)} to a date and time");
        }
    }

    private static FeelValue FromDateAndTime(BuiltinCall call)
    {
        var dateArgument = call[0];
        FeelDate date;
        switch (dateArgument.Kind)
        {
            case FeelValueKind.Date:
                date = dateArgument.Date;
                break;
            case FeelValueKind.DateTime:
                if (call[1].Kind == FeelValueKind.String)
                {
                    return WithZone(call, dateArgument.DateTime, call[1].StringValue);
                }

                date = dateArgument.DateTime.Date;
                break;
            default:
                return call.Fail($"parameter 'date' must be a date or date and time, found {FeelFormatter.Describe(dateArgument)}");
        }

        if (call[1].Kind != FeelValueKind.Time)
        {
            return call.Fail($"parameter 'time' must be a time, found {FeelFormatter.Describe(call[1])}");
        }

        var time = call[1].Time;
        if (time.Zone is not null)
        {
            if (!FeelTimeZones.TryFind(time.Zone, out var zone))
            {
                return call.Fail($"unknown time zone '{time.Zone}'");
            }

            return FeelValue.FromDateTime(FeelTimeZones.ResolveLocal(date.EpochDay, time.Nanos, time.Zone, zone));
        }

        return FeelValue.FromDateTime(new FeelDateTime(date.EpochDay, time.Nanos, time.OffsetSeconds, time.HasOffset, null));
    }

    /// <summary>Camunda extension: date and time(value, "Europe/Berlin") puts a local value into the zone,
    /// or moves a value with offset or zone to the same instant in the zone.</summary>
    private static FeelValue WithZone(BuiltinCall call, FeelDateTime value, string zoneId)
    {
        if (!FeelTimeZones.TryFind(zoneId, out var zone))
        {
            return call.Fail($"unknown time zone '{zoneId}'");
        }

        return value.HasOffset
            ? FeelValue.FromDateTime(FeelTimeZones.AtInstant(value.InstantNanos, zoneId, zone))
            : FeelValue.FromDateTime(FeelTimeZones.ResolveLocal(value.EpochDay, value.Nanos, zoneId, zone));
    }
}

internal sealed class TimeFunction : BuiltinFunction
{
    public override string Name => "time";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } =
    [
        Signature(FromValue, "from"),
        Signature(FromParts, "hour", "minute", "second"),
        Signature(FromParts, "hour", "minute", "second", "offset"),
    ];

    private static FeelValue FromValue(BuiltinCall call)
    {
        var from = call[0];
        switch (from.Kind)
        {
            case FeelValueKind.String:
                return IsoTemporal.TryParseTime(from.StringValue, out var time)
                    ? FeelValue.FromTime(time)
                    : call.Fail($"'{from.StringValue}' is not a time (expected hh:mm:ss with optional offset or @zone)");
            case FeelValueKind.Time:
                return from;
            case FeelValueKind.DateTime:
                return FeelValue.FromTime(from.DateTime.Time);
            case FeelValueKind.Date:
                return FeelValue.FromTime(FeelTime.WithOffset(0, 0));
            default:
                return call.Fail($"cannot convert {FeelFormatter.Describe(from)} to a time");
        }
    }

    private static FeelValue FromParts(BuiltinCall call)
    {
        if (!call.Number(0, out var hour) || !call.Number(1, out var minute) || !call.Number(2, out var second))
        {
            return FeelValue.Null;
        }

        if (!hour.TryTruncateToInt32(out var h) || !minute.TryTruncateToInt32(out var m) || h is < 0 or > 23 || m is < 0 or > 59
            || second.IsNegative || second >= FeelNumber.FromInt64(60))
        {
            return call.Fail($"{hour}:{minute}:{second} is not a valid time");
        }

        FeelNumber.TryMultiply(second, FeelNumber.FromInt64(TemporalUnits.NanosPerSecond), out var secondNanos);
        secondNanos.TryTruncateToInt64(out var nanos);
        nanos += (h * TemporalUnits.NanosPerHour) + (m * TemporalUnits.NanosPerMinute);
        if (call.Count < 4 || call[3].IsNull)
        {
            return FeelValue.FromTime(FeelTime.Local(nanos));
        }

        if (call[3].Kind != FeelValueKind.DaysTimeDuration)
        {
            return call.Fail($"parameter 'offset' must be a days and time duration, found {FeelFormatter.Describe(call[3])}");
        }

        var offset = call[3].DaysTime.Nanos / TemporalUnits.NanosPerSecond;
        if (offset > TemporalUnits.MaxOffsetSeconds || offset < -TemporalUnits.MaxOffsetSeconds)
        {
            return call.Fail("offset must be between -18 and +18 hours");
        }

        return FeelValue.FromTime(FeelTime.WithOffset(nanos, (int)offset));
    }
}

internal sealed class NumberFunction : BuiltinFunction
{
    public override string Name => "number";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } =
    [
        Signature(Convert, "from"),
        Signature(Convert, "from", "grouping separator", "decimal separator"),
    ];

    private static FeelValue Convert(BuiltinCall call)
    {
        if (!call.String(0, out var from) || !call.OptionalString(1, out var grouping) || !call.OptionalString(2, out var decimalSeparator))
        {
            return FeelValue.Null;
        }

        if (grouping is not (null or " " or "," or "."))
        {
            return call.Fail("grouping separator must be ' ', ',' or '.'");
        }

        if (decimalSeparator is not (null or "," or "."))
        {
            return call.Fail("decimal separator must be ',' or '.'");
        }

        if (grouping is not null && grouping == decimalSeparator)
        {
            return call.Fail("grouping and decimal separator must differ");
        }

        var text = new StringBuilder(from.Length);
        foreach (var c in from.Trim())
        {
            if (grouping is not null && c == grouping[0])
            {
                continue;
            }

            text.Append(decimalSeparator is not null && c == decimalSeparator[0] ? '.' : c);
        }

        var normalized = text.ToString();
        if (decimalSeparator is "," && from.Contains('.', StringComparison.Ordinal) && grouping != ".")
        {
            return call.Fail($"'{from}' is not a number");
        }

        return FeelNumber.TryParse(normalized, out var number) && normalized.Length > 0 && normalized[^1] != '.'
            ? FeelValue.FromNumber(number)
            : call.Fail($"'{from}' is not a number");
    }
}

internal sealed class StringFunction : BuiltinFunction
{
    public override string Name => "string";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } = [Signature(Convert, "from")];

    private static FeelValue Convert(BuiltinCall call) =>
        call[0].IsNull ? FeelValue.Null : FeelValue.FromString(FeelFormatter.ToFeelString(call[0]));
}

internal sealed class DurationFunction : BuiltinFunction
{
    public override string Name => "duration";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } = [Signature(Convert, "from")];

    private static FeelValue Convert(BuiltinCall call)
    {
        var from = call[0];
        if (from.Kind is FeelValueKind.DaysTimeDuration or FeelValueKind.YearsMonthsDuration)
        {
            return from;
        }

        if (!call.String(0, out var text))
        {
            return FeelValue.Null;
        }

        if (!IsoTemporal.TryParseDuration(text, out var daysTime, out var yearsMonths, out var isYearsMonths))
        {
            return call.Fail($"'{text}' is not a duration (expected e.g. P1DT2H or P1Y2M)");
        }

        return isYearsMonths ? FeelValue.FromYearsMonths(yearsMonths) : FeelValue.FromDaysTime(daysTime);
    }
}

internal sealed class YearsAndMonthsDurationFunction : BuiltinFunction
{
    public override string Name => "years and months duration";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } = [Signature(Between, "from", "to")];

    private static FeelValue Between(BuiltinCall call)
    {
        if (!TryDate(call, 0, out var from) || !TryDate(call, 1, out var to))
        {
            return FeelValue.Null;
        }

        return FeelValue.FromYearsMonths(new YearsMonthsDuration(TemporalArithmetic.MonthsBetween(from, to)));
    }

    private static bool TryDate(BuiltinCall call, int index, out FeelDate date)
    {
        switch (call[index].Kind)
        {
            case FeelValueKind.Date:
                date = call[index].Date;
                return true;
            case FeelValueKind.DateTime:
                date = call[index].DateTime.Date;
                return true;
            default:
                date = default;
                call.Fail($"parameter '{(index == 0 ? "from" : "to")}' must be a date or date and time, found {FeelFormatter.Describe(call[index])}");
                return false;
        }
    }
}
