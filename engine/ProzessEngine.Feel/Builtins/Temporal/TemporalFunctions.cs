using ProzessEngine.Feel.Runtime;
using ProzessEngine.Feel.Temporal;

namespace ProzessEngine.Feel.Builtins.Temporal;

internal static class DateArgument
{
    public static bool TryGet(BuiltinCall call, out FeelDate date)
    {
        switch (call[0].Kind)
        {
            case FeelValueKind.Date:
                date = call[0].Date;
                return true;
            case FeelValueKind.DateTime:
                date = call[0].DateTime.Date;
                return true;
            default:
                date = default;
                call.Fail($"parameter 'date' must be a date or date and time, found {FeelFormatter.Describe(call[0])}");
                return false;
        }
    }
}

internal sealed class NowFunction : BuiltinFunction
{
    public override string Name => "now";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } = [Signature(Now)];

    private static FeelValue Now(BuiltinCall call)
    {
        var options = call.Evaluation.Options;
        var utc = options.Clock.GetUtcNow();
        var instant = ((Int128)(utc.UtcTicks - DateTime.UnixEpoch.Ticks)) * 100;
        var zone = options.DefaultTimeZone;
        if (zone == TimeZoneInfo.Utc)
        {
            return FeelValue.FromDateTime(FeelDateTime.FromLocalNanos(instant, 0, true, null));
        }

        return FeelValue.FromDateTime(FeelTimeZones.AtInstant(instant, FeelTimeZones.IdOf(zone), zone));
    }
}

internal sealed class TodayFunction : BuiltinFunction
{
    public override string Name => "today";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } = [Signature(Today)];

    private static FeelValue Today(BuiltinCall call)
    {
        var options = call.Evaluation.Options;
        var local = TimeZoneInfo.ConvertTime(options.Clock.GetUtcNow(), options.DefaultTimeZone);
        return FeelValue.FromDate(FeelDate.FromDateOnly(DateOnly.FromDateTime(local.DateTime)));
    }
}

internal sealed class DayOfYearFunction : BuiltinFunction
{
    public override string Name => "day of year";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } = [Signature(DayOfYear, "date")];

    private static FeelValue DayOfYear(BuiltinCall call) =>
        DateArgument.TryGet(call, out var date) ? FeelValue.FromNumber(date.DayOfYear) : FeelValue.Null;
}

internal sealed class DayOfWeekFunction : BuiltinFunction
{
    private static readonly string[] Names = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

    public override string Name => "day of week";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } = [Signature(DayOfWeek, "date")];

    private static FeelValue DayOfWeek(BuiltinCall call) =>
        DateArgument.TryGet(call, out var date) ? FeelValue.FromString(Names[date.IsoWeekday - 1]) : FeelValue.Null;
}

internal sealed class MonthOfYearFunction : BuiltinFunction
{
    private static readonly string[] Names =
        ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

    public override string Name => "month of year";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } = [Signature(MonthOfYear, "date")];

    private static FeelValue MonthOfYear(BuiltinCall call) =>
        DateArgument.TryGet(call, out var date) ? FeelValue.FromString(Names[date.Month - 1]) : FeelValue.Null;
}

internal sealed class WeekOfYearFunction : BuiltinFunction
{
    public override string Name => "week of year";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } = [Signature(WeekOfYear, "date")];

    private static FeelValue WeekOfYear(BuiltinCall call) =>
        DateArgument.TryGet(call, out var date) ? FeelValue.FromNumber(date.IsoWeekOfYear) : FeelValue.Null;
}

internal sealed class LastDayOfMonthFunction : BuiltinFunction
{
    public override string Name => "last day of month";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } = [Signature(LastDay, "date")];

    private static FeelValue LastDay(BuiltinCall call)
    {
        if (!DateArgument.TryGet(call, out var date))
        {
            return FeelValue.Null;
        }

        var (year, month, _) = date.ToCivil();
        return FeelDate.TryCreateClamped(year, month, 31, out var last) ? FeelValue.FromDate(last) : FeelValue.Null;
    }
}

internal sealed class IsFunction : BuiltinFunction
{
    public override string Name => "is";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } = [Signature(Is, "value1", "value2")];

    private static FeelValue Is(BuiltinCall call) => FeelValue.FromBoolean(FeelEquality.Is(call[0], call[1]));
}
