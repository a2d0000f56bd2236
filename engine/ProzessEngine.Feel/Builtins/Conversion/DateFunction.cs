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
