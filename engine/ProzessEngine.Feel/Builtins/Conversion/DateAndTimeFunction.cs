using ProzessEngine.Feel.Runtime;
using ProzessEngine.Feel.Temporal;

namespace ProzessEngine.Feel.Builtins.Conversion;

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
