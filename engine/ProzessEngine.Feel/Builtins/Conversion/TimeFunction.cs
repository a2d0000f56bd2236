using ProzessEngine.Feel.Numbers;
using ProzessEngine.Feel.Runtime;
using ProzessEngine.Feel.Temporal;

namespace ProzessEngine.Feel.Builtins.Conversion;

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
